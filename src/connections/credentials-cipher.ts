import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Why stored credentials cannot be read: at start-up, the service names it and refuses to run. */
export class CredentialsKeyError extends Error {}

const VERSION = 'v1';

/** A 32-byte key from 64 hex characters or base64 (the schema checked the shape). */
export function parseKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new CredentialsKeyError('a credentials key must be 32 bytes');
  return key;
}

/** Names a key without revealing it: stored with each ciphertext, so the right key is picked and rotation is visible. */
function keyId(key: Buffer): string {
  return createHash('sha256').update('hirebridge-credentials-key').update(key).digest('hex').slice(0, 8);
}

/**
 * AES-256-GCM for connection credentials: `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url). GCM
 * authenticates too, so a ciphertext altered in the database fails to decrypt instead of yielding
 * other credentials. Node's crypto rather than a library: the whole scheme is these two calls.
 */
export class CredentialsCipher {
  private readonly current: { id: string; key: Buffer } | null;
  private readonly previous: { id: string; key: Buffer } | null;

  constructor(keys: { current: string | null; previous: string | null }) {
    this.current = keys.current ? withId(parseKey(keys.current)) : null;
    this.previous = keys.previous ? withId(parseKey(keys.previous)) : null;
  }

  get canEncrypt(): boolean {
    return this.current !== null;
  }

  encrypt(credentials: Readonly<Record<string, string>>): string {
    if (!this.current) throw new CredentialsKeyError('CREDENTIALS_KEY is not set: connection credentials cannot be stored');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(
      ':',
    );
  }

  decrypt(stored: string): Record<string, string> {
    const [version, id, iv, tag, body] = stored.split(':');
    if (version !== VERSION || !body) throw new CredentialsKeyError('stored credentials are not in a known format');
    const key = [this.current, this.previous].find((k) => k?.id === id);
    if (!key)
      throw new CredentialsKeyError(
        `stored credentials were encrypted with key ${id}, which neither CREDENTIALS_KEY nor CREDENTIALS_KEY_PREVIOUS is`,
      );
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      return JSON.parse(text) as Record<string, string>;
    } catch {
      throw new CredentialsKeyError(`stored credentials under key ${id} fail authentication (altered, or another key with the same id)`);
    }
  }

  /** A connection row's credentials: none stored reads as none. */
  decryptStored(stored: string | null): Record<string, string> {
    return stored ? this.decrypt(stored) : {};
  }

  /** Whether `stored` was encrypted with an older key than CREDENTIALS_KEY (to re-encrypt after a rotation). */
  isStale(stored: string): boolean {
    return this.current !== null && stored.split(':')[1] !== this.current.id;
  }
}

function withId(key: Buffer): { id: string; key: Buffer } {
  return { id: keyId(key), key };
}
