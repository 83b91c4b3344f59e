import { BadRequestException, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ConnectionResolver } from '../../connections/connection-resolver';
import { ConnectionsRepository } from '../../connections/connections.repository';
import { CredentialsCipher } from '../../connections/credentials-cipher';
import { flatchrAccessOf } from '../../connections/flatchr-access';
import { planBackfillRange } from '../api/catch-up-planner';
import { isIsoDay } from '../api/flatchr-day';
import type { FlatchrColumnInfo } from '../api/hired-columns';
import { BackfillRow, FlatchrBackfillsRepository } from './flatchr-backfills.repository';
import { FlatchrClients } from './flatchr-clients';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A backfill as the API shows it. */
export interface BackfillView {
  id: string;
  connectionId: string;
  since: string;
  status: string;
  found: number;
  created: number;
  duplicates: number;
  failed: number;
  error: string | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
}

/** Asking for a backfill and reading its progress; the worker runs it (FlatchrBackfillRunner). */
@Injectable()
export class FlatchrBackfillService {
  constructor(
    private readonly backfills: FlatchrBackfillsRepository,
    private readonly connections: ConnectionsRepository,
    private readonly cipher: CredentialsCipher,
    private readonly resolver: ConnectionResolver,
    private readonly clients: FlatchrClients,
  ) {}

  /**
   * The columns that count as hired for the connection's company, from Flatchr (cached an hour): what
   * explainNotHired needs to say why a drag_applicant was not taken for a hire.
   */
  async hiredColumns(connectionId: string): Promise<{ hiredColumns: FlatchrColumnInfo[] }> {
    const connection = await this.resolver.get(connectionId);
    if (!connection) throw new NotFoundException(`connection ${connectionId} not found or disabled`);
    const client = this.clients.client(connection);
    if (!client) throw badField('connection', 'has no Flatchr access: set settings.flatchrCompanyKey and credentials.flatchrApiKey');
    try {
      return { hiredColumns: await this.clients.hiredColumns(client) };
    } catch (err) {
      await this.clients.noteKeyRefused(connectionId, err);
      throw new ServiceUnavailableException(`Flatchr's columns could not be read: ${(err as Error).message}`);
    }
  }

  async request(connectionId: string, since: unknown, actor: string): Promise<{ id: string }> {
    const row = await this.connections.find(connectionId);
    if (!row) throw new NotFoundException(`connection ${connectionId} not found`);
    if (typeof since !== 'string' || !isIsoDay(since)) throw badField('since', 'must be a day as YYYY-MM-DD');
    try {
      planBackfillRange(since, new Date());
    } catch (err) {
      throw badField('since', (err as Error).message);
    }
    const credentials = this.cipher.decryptStored(row.credentialsCiphertext);
    if (!flatchrAccessOf({ credentials, settings: row.settings ?? {} }))
      throw badField('connection', 'has no Flatchr access: set settings.flatchrCompanyKey and credentials.flatchrApiKey');
    if (row.companyIds.length === 0) throw badField('connection', 'lists no Flatchr company id');
    const created = await this.backfills.create(connectionId, since, actor);
    return { id: created.id };
  }

  /** The connection's latest backfills, newest first. */
  async recent(connectionId: string, limit = 5): Promise<BackfillView[]> {
    return (await this.backfills.recent(connectionId, limit)).map(viewOf);
  }

  async get(connectionId: string, id: string): Promise<BackfillView> {
    const row = UUID.test(id) ? await this.backfills.find(connectionId, id) : null;
    if (!row) throw new NotFoundException(`backfill ${id} of connection ${connectionId} not found`);
    return viewOf(row);
  }
}

function viewOf(r: BackfillRow): BackfillView {
  return {
    id: r.id,
    connectionId: r.connectionId,
    since: r.since,
    status: r.status,
    found: r.found,
    created: r.created,
    duplicates: r.duplicates,
    failed: r.failed,
    error: r.error,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

function badField(field: string, message: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: [`${field}: ${message}`],
    fields: [{ field, message }],
  });
}
