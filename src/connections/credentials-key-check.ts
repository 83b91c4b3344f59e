import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { StartupError } from '../startup/startup-error';
import { ConnectionsRepository } from './connections.repository';
import { CredentialsCipher, CredentialsKeyError } from './credentials-cipher';

/**
 * At start: every stored secret must be readable with CREDENTIALS_KEY or CREDENTIALS_KEY_PREVIOUS,
 * or the service refuses to start (it would fail every hire of those connections instead). Secrets
 * still under the previous key are re-encrypted with the current one, which completes a rotation.
 */
@Injectable()
export class CredentialsKeyCheck implements OnModuleInit {
  private readonly logger = new Logger('Connections');

  constructor(
    private readonly repo: ConnectionsRepository,
    private readonly cipher: CredentialsCipher,
  ) {}

  async onModuleInit(): Promise<void> {
    const stored = await this.repo.storedCredentials();
    if (stored.length === 0) return;
    const unreadable: string[] = [];
    let reencrypted = 0;
    for (const row of stored) {
      let credentials: Record<string, string>;
      try {
        credentials = this.cipher.decrypt(row.ciphertext);
      } catch (err) {
        if (!(err instanceof CredentialsKeyError)) throw err;
        unreadable.push(`"${row.name}" (${err.message})`);
        continue;
      }
      if (this.cipher.isStale(row.ciphertext)) {
        await this.repo.replaceCiphertext(row.id, row.ciphertext, this.cipher.encrypt(credentials));
        reencrypted++;
      }
    }
    if (unreadable.length > 0) {
      const keys = this.cipher.canEncrypt ? 'CREDENTIALS_KEY (or CREDENTIALS_KEY_PREVIOUS)' : 'CREDENTIALS_KEY, which is not set,';
      throw new StartupError(
        `${unreadable.length} connection(s) have stored credentials that ${keys} cannot read: ${unreadable.join('; ')}. ` +
          'Set the key they were saved with (after a rotation: the old one as CREDENTIALS_KEY_PREVIOUS).',
      );
    }
    if (reencrypted > 0) this.logger.log(`Re-encrypted the credentials of ${reencrypted} connection(s) with the current CREDENTIALS_KEY`);
  }
}
