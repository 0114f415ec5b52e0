/** The window's last choices (account, date preset, preview first), kept by the app between runs. */
import type { LastChoices, MailtroveApi } from '../../../../src-shared/ipc/contract.ts';
import { settle } from '../../ui/reply.ts';

export const DEFAULT_CHOICES: LastChoices = { account: null, rangePreset: null, previewFirst: true };

const latest = new WeakMap<MailtroveApi, LastChoices>();

export async function loadLastChoices(api: MailtroveApi): Promise<LastChoices> {
  const known = latest.get(api);
  if (known) return known;
  const reply = await settle(api.invoke('settings:get', {}));
  const choices = reply.ok && reply.value.lastChoices !== null ? reply.value.lastChoices : DEFAULT_CHOICES;
  latest.set(api, choices);
  return choices;
}

/** Merges `patch` into what is remembered and saves it; a failure to save only loses the memory. */
export function rememberChoices(api: MailtroveApi, patch: Partial<LastChoices>): void {
  const choices = { ...(latest.get(api) ?? DEFAULT_CHOICES), ...patch };
  latest.set(api, choices);
  void settle(api.invoke('settings:set', { lastChoices: choices }));
}
