import { computed, ref } from 'vue';
import type { Api } from '../api/client';

/** What a sign-in leaves on the phone: the tokens, and when the access token stops working. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds on this device's clock (only ever compared with it). */
  expiresAt: number;
}

export type PageName = 'leader' | 'resident' | 'console';

/** Renew an access token this long before it expires, so a request never carries a stale one. */
const RENEW_BEFORE_MS = 60_000;

/** The claims the pages read from an access token (shown, never trusted: the API decides). */
export interface Caller {
  personId: string;
  name: string;
  phone?: string;
  /** Residents: the household their account belongs to (`custom:household_id`). */
  householdId?: string;
}

function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/**
 * One page's sign-in: phone + SMS code through the API's sign-in routes, the tokens kept in this
 * page's localStorage, renewed with the refresh token before they expire, revoked on sign-out.
 * `auth` is a client without the token middleware (the sign-in routes are public).
 */
export function createSession(page: PageName, auth: Api, storage: Storage = localStorage) {
  const key = `sanzhang.${page}.session`;
  const read = (): StoredSession | undefined => {
    try {
      return (JSON.parse(storage.getItem(key) ?? 'null') as StoredSession | null) ?? undefined;
    } catch {
      return undefined;
    }
  };
  const current = ref<StoredSession | undefined>(read());
  const save = (session: StoredSession | undefined) => {
    current.value = session;
    if (session) storage.setItem(key, JSON.stringify(session));
    else storage.removeItem(key);
  };
  const keep = (tokens: { accessToken: string; refreshToken: string; expiresIn: number }) =>
    save({
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: Date.now() + tokens.expiresIn * 1000,
    });

  let renewing: Promise<string | undefined> | undefined;
  async function renew(session: StoredSession): Promise<string | undefined> {
    const { data } = await auth.POST('/auth/tokens', { body: { refreshToken: session.refreshToken } });
    if (!data) {
      save(undefined);
      return undefined;
    }
    keep(data);
    return data.accessToken;
  }

  return {
    signedIn: computed(() => current.value !== undefined),
    caller: computed<Caller | undefined>(() => {
      if (!current.value) return undefined;
      const claims = decodeClaims(current.value.accessToken);
      return {
        personId: String(claims.sub ?? ''),
        name: String(claims.name ?? ''),
        ...(typeof claims.phone_number === 'string' ? { phone: claims.phone_number } : {}),
        ...(typeof claims['custom:household_id'] === 'string'
          ? { householdId: claims['custom:household_id'] }
          : {}),
      };
    }),
    async requestCode(phone: string) {
      return auth.POST('/auth/codes', { body: { phone } });
    },
    async signIn(phone: string, code: string) {
      const result = await auth.POST('/auth/tokens', { body: { phone, code } });
      if (result.data) keep(result.data);
      return result;
    },
    /** The access token to send, renewed first when it is about to expire; one renewal at a time. */
    async accessToken(): Promise<string | undefined> {
      const session = current.value;
      if (!session) return undefined;
      if (session.expiresAt - Date.now() > RENEW_BEFORE_MS) return session.accessToken;
      renewing ??= renew(session).finally(() => (renewing = undefined));
      return renewing;
    },
    /** The API said 401: the session is gone (expired, revoked, signed out elsewhere). */
    forget() {
      save(undefined);
    },
    async signOut() {
      const session = current.value;
      save(undefined);
      if (session) await auth.POST('/auth/sign-out', { body: { refreshToken: session.refreshToken } });
    },
  };
}

export type Session = ReturnType<typeof createSession>;
