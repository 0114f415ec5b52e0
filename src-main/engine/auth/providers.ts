import type { OAuthProvider, OAuthSettings } from '../../../src-shared/account-auth.ts';
import { MailtroveError } from '../errors.ts';

/** IMAP needs Google's full mail scope: gmail.readonly is refused for IMAP. */
export const GOOGLE_SCOPE = 'https://mail.google.com/';
/** Graph scopes must not be mixed into the same request. */
export const MICROSOFT_SCOPE = 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access';

export interface ProviderPreset {
  provider: Exclude<OAuthProvider, 'generic'>;
  host: string;
  port: number;
  scope: string;
}

export const PRESETS: Record<'gmail' | 'microsoft', ProviderPreset> = {
  gmail: { provider: 'google', host: 'imap.gmail.com', port: 993, scope: GOOGLE_SCOPE },
  microsoft: { provider: 'microsoft', host: 'outlook.office365.com', port: 993, scope: MICROSOFT_SCOPE },
};

/**
 * Client ids (and Google's non-secret desktop secret) that an official build injects; the project ships
 * none. Read from the environment so a build can define them and a user can bring their own.
 */
export interface BuiltInClients {
  google?: { clientId: string; clientSecret?: string };
  microsoft?: { clientId: string };
}

export function builtInClients(env: NodeJS.ProcessEnv = process.env): BuiltInClients {
  const clients: BuiltInClients = {};
  const googleId = env['MAILTROVE_GOOGLE_CLIENT_ID'];
  if (googleId) {
    const secret = env['MAILTROVE_GOOGLE_CLIENT_SECRET'];
    clients.google = { clientId: googleId, ...(secret ? { clientSecret: secret } : {}) };
  }
  const microsoftId = env['MAILTROVE_MICROSOFT_CLIENT_ID'];
  if (microsoftId) clients.microsoft = { clientId: microsoftId };
  return clients;
}

/**
 * MAILTROVE_TEST_OAUTH_BASE (tests only): a local authorization server on 127.0.0.1 that stands in for
 * Google's and Microsoft's endpoints, so the window's sign-in can be driven end to end offline.
 */
function testEndpoints(env: NodeJS.ProcessEnv): { authUrl: string; tokenUrl: string } | null {
  const base = env['MAILTROVE_TEST_OAUTH_BASE'];
  if (base === undefined || !/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) return null;
  return { authUrl: `${base}/authorize`, tokenUrl: `${base}/token` };
}

/** Whether the build (or the environment) carries a client id for each preset. */
export function presetClients(env: NodeJS.ProcessEnv = process.env): Record<keyof typeof PRESETS, boolean> {
  const clients = builtInClients(env);
  return { gmail: clients.google !== undefined, microsoft: clients.microsoft !== undefined };
}

const TENANT = /^(common|organizations|consumers|[0-9a-f-]{36}|[a-z0-9.-]+\.[a-z]{2,})$/i;

export interface PresetRequest {
  preset: keyof typeof PRESETS;
  clientId?: string;
  clientSecret?: string;
  tenant?: string;
}

/** The OAuth2 settings of a Google or Microsoft account; a clear error when no client id is known. */
export function presetSettings(
  request: PresetRequest,
  clients = builtInClients(),
  env: NodeJS.ProcessEnv = process.env,
): OAuthSettings {
  const settings = presetSettingsOf(request, clients);
  const local = testEndpoints(env);
  return local ? { ...settings, ...local, deviceUrl: null } : settings;
}

function presetSettingsOf(request: PresetRequest, clients: BuiltInClients): OAuthSettings {
  const preset = PRESETS[request.preset];
  if (preset.provider === 'google') {
    const clientId = request.clientId ?? clients.google?.clientId;
    if (!clientId) throw noClientId('Google');
    const secret = request.clientId ? request.clientSecret : clients.google?.clientSecret;
    return {
      kind: 'oauth2',
      provider: 'google',
      authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      // Google's device flow rejects Gmail scopes.
      deviceUrl: null,
      clientId,
      clientSecret: secret ?? null,
      scope: preset.scope,
      tenant: null,
    };
  }
  const clientId = request.clientId ?? clients.microsoft?.clientId;
  if (!clientId) throw noClientId('Microsoft');
  const tenant = request.tenant ?? 'common';
  if (!TENANT.test(tenant)) {
    throw new MailtroveError('usage', `"${tenant}" is not a Microsoft tenant.`, {
      hint: 'Use common, organizations, consumers, a tenant id (GUID) or a domain name.',
    });
  }
  const base = `https://login.microsoftonline.com/${tenant}/oauth2/v2.0`;
  return {
    kind: 'oauth2',
    provider: 'microsoft',
    authUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    deviceUrl: `${base}/devicecode`,
    clientId,
    clientSecret: null,
    scope: preset.scope,
    tenant,
  };
}

export interface GenericRequest {
  tokenUrl: string;
  authUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
}

/** Any other OAuth2 server (Dovecot, Fastmail, self-hosted): its endpoints come from the user. */
export function genericSettings(request: GenericRequest): OAuthSettings {
  if (!request.clientId) throw noClientId('this server');
  return {
    kind: 'oauth2',
    provider: 'generic',
    tokenUrl: endpoint(request.tokenUrl, '--token-url'),
    authUrl: request.authUrl === undefined ? null : endpoint(request.authUrl, '--auth-url'),
    deviceUrl: null,
    clientId: request.clientId,
    clientSecret: request.clientSecret ?? null,
    scope: request.scope ?? '',
    tenant: null,
  };
}

function endpoint(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new MailtroveError('usage', `${flag} "${value}" is not a URL.`);
  }
  // Plain http only on this machine: tokens must not cross a network in clear.
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new MailtroveError('usage', `${flag} must be an https URL (plain http only on 127.0.0.1).`);
  }
  return url.toString();
}

function noClientId(who: string): MailtroveError {
  return new MailtroveError('config', `No OAuth2 client id for ${who}: this build has none built in.`, {
    hint:
      `Register an app with ${who} (a "desktop"/public client with a loopback redirect on 127.0.0.1) ` +
      'and pass its id with --client-id, or use a build that includes one.',
  });
}
