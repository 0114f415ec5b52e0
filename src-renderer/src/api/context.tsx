import { createContext, useContext, type ReactNode } from 'react';
import type { MailtroveApi } from '../../../src-shared/ipc/contract.ts';

const ApiContext = createContext<MailtroveApi | null>(null);

export function ApiProvider({ api, children }: { api: MailtroveApi; children: ReactNode }) {
  return <ApiContext value={api}>{children}</ApiContext>;
}

/** The contract's API for the component tree (the transport was picked once, at startup). */
export function useApi(): MailtroveApi {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi() outside <ApiProvider>');
  return api;
}
