import { createContext, useContext, type ReactNode } from 'react';
import type { MailtroveApi } from '../../../src-shared/ipc/contract.ts';
import type { Transport } from './transport.ts';

const ApiContext = createContext<MailtroveApi | null>(null);
const KindContext = createContext<Transport['kind']>('electron');

export function ApiProvider({
  api,
  kind,
  children,
}: {
  api: MailtroveApi;
  kind: Transport['kind'];
  children: ReactNode;
}) {
  return (
    <ApiContext value={api}>
      <KindContext value={kind}>{children}</KindContext>
    </ApiContext>
  );
}

/** The contract's API for the component tree (the transport was picked once, at startup). */
export function useApi(): MailtroveApi {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi() outside <ApiProvider>');
  return api;
}

/** Which transport carries the API: the app has native dialogs, a browser has downloads. */
export function useTransportKind(): Transport['kind'] {
  return useContext(KindContext);
}
