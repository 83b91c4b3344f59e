import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { HrisFailure } from '../hris-failure';
import type { SharedCache } from '../shared-cache';

/** A token as Personio's `POST /v1/auth` gave it. */
export interface IssuedToken {
  token: string;
  /** `data.expires_in`, seconds (86,400 documented). */
  expiresInSeconds: number;
}

/** A token in the shared cache. `generation` tells one fetch from the next, even when Personio hands out the same token again. */
export interface HeldToken {
  token: string;
  generation: string;
}

interface CachedToken extends HeldToken {
  /** Epoch ms, on the connector's clock, from which the token is no longer used. */
  useUntil: number;
}

export interface PersonioTokenStoreOptions {
  cache: SharedCache;
  clientId: string;
  clientSecret: string;
  now(): Date;
  /** How long the auth lock is held at most: longer than an auth call can take. */
  lockTtlMs: number;
  /** How long a worker waits for another worker's token before giving up for this attempt. */
  maxWaitMs?: number;
  /** Between two looks at the cache while another worker authenticates. */
  pollMs?: number;
}

/** A token is dropped this long before Personio's expiry, so no call starts with a token about to lapse. */
export const TOKEN_EXPIRY_MARGIN_MS = 5 * 60 * 1000;
/** Refused credentials are remembered this long, so queued hires do not each ask the auth endpoint (60/min). */
export const REFUSED_CREDENTIALS_MEMORY_MS = 60 * 1000;

/**
 * Personio's bearer token for one set of API credentials, shared by every worker through Redis:
 * one `POST /v1/auth` per 24 h per credentials, whatever the number of workers and pushes.
 *
 * Keys are per credentials (a hash, never the secret), so new credentials on the connection get a
 * token of their own at once. One worker at a time authenticates (SharedCache.claim as a lock); the
 * others poll the cache until its token arrives. A 429 from the auth endpoint and refused credentials
 * are remembered in the cache, so other workers wait or fail without calling the endpoint again.
 */
export class PersonioTokenStore {
  private readonly keys: { token: string; lock: string; coolDown: string; refused: string };

  constructor(private readonly options: PersonioTokenStoreOptions) {
    const id = createHash('sha256').update(`${options.clientId}\u0000${options.clientSecret}`).digest('hex').slice(0, 24);
    const prefix = `personio:${id}:`;
    this.keys = {
      token: `${prefix}token`,
      lock: `${prefix}auth-lock`,
      coolDown: `${prefix}auth-cool-down`,
      refused: `${prefix}auth-refused`,
    };
  }

  /**
   * A usable token: the cached one, or a new one from `authenticate` (called by one worker only).
   * `rejected` is a token Personio just answered 401 to: it is not handed out again unless a fetch
   * made since returned it.
   */
  async token(authenticate: () => Promise<IssuedToken>, rejected?: HeldToken): Promise<HeldToken> {
    const { cache, lockTtlMs } = this.options;
    const maxWaitMs = this.options.maxWaitMs ?? lockTtlMs + 5000;
    const pollMs = this.options.pollMs ?? 100;
    const giveUpAt = Date.now() + maxWaitMs;
    for (;;) {
      const cached = await this.usable(rejected);
      if (cached) return cached;
      await this.failIfRemembered();
      if (await cache.claim(this.keys.lock, lockTtlMs)) {
        try {
          // Another worker may have stored a token between the look above and the claim.
          const stored = await this.usable(rejected);
          if (stored) return stored;
          return await this.fetch(authenticate);
        } finally {
          await cache.delete(this.keys.lock);
        }
      }
      if (Date.now() >= giveUpAt) {
        throw HrisFailure.retryable(`Personio token: another worker was authenticating and no token arrived within ${maxWaitMs} ms`);
      }
      await sleep(pollMs);
    }
  }

  private async usable(rejected: HeldToken | undefined): Promise<HeldToken | null> {
    const raw = await this.options.cache.get(this.keys.token);
    if (!raw) return null;
    let cached: CachedToken;
    try {
      cached = JSON.parse(raw) as CachedToken;
    } catch {
      return null;
    }
    if (typeof cached?.token !== 'string' || typeof cached.useUntil !== 'number') return null;
    if (cached.useUntil <= this.options.now().getTime()) return null;
    if (rejected && cached.generation === rejected.generation) return null;
    return { token: cached.token, generation: cached.generation };
  }

  private async fetch(authenticate: () => Promise<IssuedToken>): Promise<HeldToken> {
    const { cache } = this.options;
    let issued: IssuedToken;
    try {
      issued = await authenticate();
    } catch (err) {
      if (err instanceof HrisFailure && err.kind === 'rate_limited' && err.delayMs) {
        await cache.set(this.keys.coolDown, String(Date.now() + err.delayMs), err.delayMs);
      } else if (err instanceof HrisFailure && err.authenticationFailed) {
        await cache.set(this.keys.refused, err.message, REFUSED_CREDENTIALS_MEMORY_MS);
      }
      throw err;
    }
    const lifetimeMs = issued.expiresInSeconds * 1000;
    // A short-lived token (a test tenant, a changed policy) keeps most of its life rather than none.
    const marginMs = Math.min(TOKEN_EXPIRY_MARGIN_MS, lifetimeMs / 10);
    const useForMs = Math.max(1, lifetimeMs - marginMs);
    const held: CachedToken = { token: issued.token, generation: randomUUID(), useUntil: this.options.now().getTime() + useForMs };
    await cache.set(this.keys.token, JSON.stringify(held), useForMs);
    return { token: held.token, generation: held.generation };
  }

  /** A cool-down after the auth endpoint's 429, or credentials refused a moment ago. */
  private async failIfRemembered(): Promise<void> {
    const until = Number(await this.options.cache.get(this.keys.coolDown));
    if (until > Date.now()) {
      throw HrisFailure.rateLimited('Personio auth endpoint is cooling down after its limit (60 per minute)', until - Date.now(), {
        httpStatus: 429,
      });
    }
    const refused = await this.options.cache.get(this.keys.refused);
    if (refused) throw HrisFailure.permanent(`${refused} (remembered for a minute)`, { authenticationFailed: true });
  }
}
