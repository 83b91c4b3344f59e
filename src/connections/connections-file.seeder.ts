import { BadRequestException, ConflictException, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { AppConfigService } from '../config/app-config.service';
import { StartupError } from '../startup/startup-error';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { ConnectionsFileError, parseConnectionsFile } from './connections-file';

/**
 * CONNECTIONS_FILE at start: each entry creates the connection of that name, or updates it
 * (credentials included); connections the file does not name are left alone. Any problem stops the
 * start-up with the entry and field named, before the service takes traffic with half a setup.
 */
@Injectable()
export class ConnectionsFileSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Connections');

  constructor(
    private readonly config: AppConfigService,
    private readonly repo: ConnectionsRepository,
    private readonly connections: ConnectionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const path = this.config.connectionsFile;
    // One process applies the file: the API one (a worker-only process may start alongside it).
    if (!path || !this.config.runsApi) return;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new StartupError(`CONNECTIONS_FILE ${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let entries;
    try {
      entries = parseConnectionsFile(text, (name) => this.config.variable(name));
    } catch (err) {
      if (err instanceof ConnectionsFileError) throw new StartupError(`CONNECTIONS_FILE ${path}: ${err.message}`);
      throw err;
    }
    let created = 0;
    let updated = 0;
    for (const entry of entries) {
      const existing = await this.repo.findByName(entry.name);
      try {
        if (existing) {
          await this.connections.update(existing.id, entry, 'CONNECTIONS_FILE');
          updated++;
        } else {
          await this.connections.create(entry, 'CONNECTIONS_FILE');
          created++;
        }
      } catch (err) {
        if (err instanceof BadRequestException || err instanceof ConflictException) {
          const body = err.getResponse() as { message?: string | string[] };
          const message = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? err.message);
          throw new StartupError(`CONNECTIONS_FILE ${path}: connection "${entry.name}": ${message}`);
        }
        throw err;
      }
    }
    this.logger.log(`CONNECTIONS_FILE: ${created} connection(s) created, ${updated} updated`);
  }
}
