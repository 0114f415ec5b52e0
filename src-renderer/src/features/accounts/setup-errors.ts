/**
 * A failed connection test in plain words, tied to the field most likely at fault. The server's own text
 * (and the system's error code) stays available as details, never as the headline.
 */
import type { ReplyError } from '../../../../src-shared/ipc/contract.ts';

export type SetupField = 'host' | 'port' | 'security' | 'user' | 'password';

export interface SetupProblem {
  field: SetupField | null;
  text: string;
  /** what the server or the system said, word for word */
  details: string;
}

/** Trims the doubled punctuation a quoted server reply leaves behind ("…failed.).", "..") */
export function tidy(text: string): string {
  return text
    .replace(/([.!?])\s*\)\s*\./g, '$1)')
    .replace(/\.{2,}$/g, '.')
    .trim();
}

export function explainSetupError(error: ReplyError, where: { host: string; port: number }): SetupProblem {
  const details = tidy(error.message);
  const raw = error.message;
  if (error.code === 'auth') {
    return {
      field: 'password',
      text: 'The server turned down this user name and password. Check the password: many providers want an app password for mail programs.',
      details,
    };
  }
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(raw)) {
    return {
      field: 'host',
      text: `No server called “${where.host}” was found. Check the spelling of the server name and that this computer is online.`,
      details,
    };
  }
  if (/ECONNREFUSED/i.test(raw)) {
    return {
      field: 'port',
      text: `${where.host} does not accept connections on port ${where.port}. The usual ports are 993 (TLS) and 143 (STARTTLS).`,
      details,
    };
  }
  if (/GREETING_TIMEOUT|use TLS|wrong version number|EPROTO|\b(ssl|tls)\b/i.test(raw)) {
    return {
      field: 'security',
      text: 'The server answered, but not in the way the chosen security expects. Try TLS on port 993 or STARTTLS on port 143.',
      details,
    };
  }
  if (/certificate|self[- ]signed/i.test(raw)) {
    return {
      field: 'security',
      text: "The server's certificate could not be verified, so MailTrove did not send the password.",
      details,
    };
  }
  if (/ETIMEDOUT|timed? ?out/i.test(raw)) {
    return {
      field: 'host',
      text: `${where.host} did not answer in time. Check the server name and port, and that a firewall lets mail programs out.`,
      details,
    };
  }
  return {
    field: null,
    text: tidy(error.hint ?? 'The server could not be reached with these settings.'),
    details,
  };
}
