import { randomBytes } from 'node:crypto';
import { CredentialsCipher, CredentialsKeyError } from './credentials-cipher';

const hexKey = () => randomBytes(32).toString('hex');
const b64Key = () => randomBytes(32).toString('base64');

describe('CredentialsCipher', () => {
  it('round-trips credentials, with a fresh IV each time, and never holds them in clear', () => {
    const cipher = new CredentialsCipher({ current: hexKey(), previous: null });
    const a = cipher.encrypt({ apiKey: 'secret-123' });
    const b = cipher.encrypt({ apiKey: 'secret-123' });
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret-123');
    expect(Buffer.from(a.split(':')[4], 'base64url').toString('latin1')).not.toContain('secret');
    expect(cipher.decrypt(a)).toEqual({ apiKey: 'secret-123' });
  });

  it('reads secrets of the previous key after a rotation and says they are stale', () => {
    const oldKey = b64Key();
    const stored = new CredentialsCipher({ current: oldKey, previous: null }).encrypt({ clientId: 'id', clientSecret: 's' });
    const rotated = new CredentialsCipher({ current: hexKey(), previous: oldKey });
    expect(rotated.decrypt(stored)).toEqual({ clientId: 'id', clientSecret: 's' });
    expect(rotated.isStale(stored)).toBe(true);
    const reencrypted = rotated.encrypt(rotated.decrypt(stored));
    expect(rotated.isStale(reencrypted)).toBe(false);
    // Once the previous key is dropped, only the re-encrypted value is readable.
    const afterRotation = new CredentialsCipher({ current: null, previous: null });
    expect(() => afterRotation.decrypt(stored)).toThrow(CredentialsKeyError);
  });

  it('refuses a ciphertext made with an unknown key, naming the key id and no secret', () => {
    const stored = new CredentialsCipher({ current: hexKey(), previous: null }).encrypt({ apiKey: 'k' });
    const other = new CredentialsCipher({ current: hexKey(), previous: null });
    expect(() => other.decrypt(stored)).toThrow(
      /encrypted with key [0-9a-f]{8}, which neither CREDENTIALS_KEY nor CREDENTIALS_KEY_PREVIOUS is/,
    );
  });

  it('detects a ciphertext altered in the database', () => {
    const cipher = new CredentialsCipher({ current: hexKey(), previous: null });
    const parts = cipher.encrypt({ apiKey: 'k' }).split(':');
    const body = Buffer.from(parts[4], 'base64url');
    body[0] ^= 1;
    parts[4] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join(':'))).toThrow(/fail authentication/);
  });

  it('cannot encrypt without CREDENTIALS_KEY', () => {
    expect(() => new CredentialsCipher({ current: null, previous: null }).encrypt({ apiKey: 'k' })).toThrow(/CREDENTIALS_KEY is not set/);
  });
});
