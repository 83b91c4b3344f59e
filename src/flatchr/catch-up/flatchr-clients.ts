import { Inject, Injectable, Logger } from '@nestjs/common';
import IORedis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { AppConfigService } from '../../config/app-config.service';
import { ConnectionsRepository } from '../../connections/connections.repository';
import { FlatchrAccess, flatchrAccessOf } from '../../connections/flatchr-access';
import { RedisSharedCache, SharedCache } from '../../hris/shared-cache';
import type { ContractTypeTable } from '../../mapping/contract-types';
import { QUEUE_REDIS } from '../../sync/redis-connection';
import { FlatchrApiClient, FlatchrRetryOptions } from '../api/flatchr-api.client';
import { FlatchrKeyRefusedError } from '../api/flatchr-api.errors';
import { cachedContractTypeTable, cachedHiredColumns, peekHiredColumns } from '../api/flatchr-referentials';
import { DEFAULT_FLATCHR_REQUESTS_PER_SECOND, FlatchrRequestPacer, QueuedFlatchrRequestPacer } from '../api/flatchr-request-pacer';
import type { FlatchrColumnInfo } from '../api/hired-columns';

/** After a failed read of the contract referential, hires are mapped without it for this long. */
const REFERENTIAL_RETRY_AFTER_MS = 5 * 60 * 1000;

/** What a Flatchr client is built from: a connection's id, version, decrypted credentials and settings. */
export interface FlatchrConnectionLike {
  id: string;
  version: string;
  credentials: Readonly<Record<string, string>>;
  settings: Readonly<Record<string, unknown>>;
}

/**
 * Flatchr API clients for the connections that have Flatchr access, one per connection version, all
 * paced by one Redis-backed limiter: Flatchr's one request per second per company holds across every
 * worker process (catch-up, backfill, referentials and write-back together).
 */
@Injectable()
export class FlatchrClients {
  private readonly logger = new Logger('Flatchr');
  private readonly built = new Map<string, { version: string; client: FlatchrApiClient }>();
  private readonly singleTry = new Map<string, { version: string; client: FlatchrApiClient }>();
  private readonly referentialDownUntil = new Map<string, number>();
  private readonly pacer: FlatchrRequestPacer;
  readonly cache: SharedCache;

  constructor(
    @Inject(QUEUE_REDIS) redis: IORedis,
    private readonly config: AppConfigService,
    private readonly connections: ConnectionsRepository,
  ) {
    this.pacer = new QueuedFlatchrRequestPacer({
      limiter: new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.queuePrefix}:flatchr-pace`,
        points: DEFAULT_FLATCHR_REQUESTS_PER_SECOND,
        duration: 1,
      }),
    });
    this.cache = new RedisSharedCache(redis, `${config.queuePrefix}:flatchr-cache:`);
  }

  access(connection: FlatchrConnectionLike): FlatchrAccess | null {
    return flatchrAccessOf(connection);
  }

  /** The connection's client, or null when it has no Flatchr access. */
  client(connection: FlatchrConnectionLike): FlatchrApiClient | null {
    const access = flatchrAccessOf(connection);
    if (!access) return null;
    const cached = this.built.get(connection.id);
    if (cached && cached.version === connection.version) return cached.client;
    const client = this.build(access);
    this.built.set(connection.id, { version: connection.version, client });
    return client;
  }

  /**
   * A client whose calls are tried once: the write-back's retries are its queue's (visible there), not
   * the client's. Kept per connection version, so its user token serves every write-back.
   */
  singleTryClient(connection: FlatchrConnectionLike): FlatchrApiClient | null {
    const access = flatchrAccessOf(connection);
    if (!access) return null;
    const cached = this.singleTry.get(connection.id);
    if (cached && cached.version === connection.version) return cached.client;
    const client = this.build(access, { attempts: 1 });
    this.singleTry.set(connection.id, { version: connection.version, client });
    return client;
  }

  /**
   * Flatchr's contract referential as contract_type_id -> canonical type (cached a day); null when the
   * connection has no Flatchr access or Flatchr cannot be read now (the hire is mapped without it).
   */
  async contractTypes(connection: FlatchrConnectionLike): Promise<ContractTypeTable | null> {
    const client = this.client(connection);
    if (!client || (this.referentialDownUntil.get(connection.id) ?? 0) > Date.now()) return null;
    try {
      return await cachedContractTypeTable(client, this.cache);
    } catch (err) {
      // Hires must not each wait out the client's retries while Flatchr is down.
      this.referentialDownUntil.set(connection.id, Date.now() + REFERENTIAL_RETRY_AFTER_MS);
      await this.noteKeyRefused(connection.id, err);
      this.logger.warn(`Flatchr's contract types could not be read for connection ${connection.id}: ${(err as Error).message}`);
      return null;
    }
  }

  /** The company's hired columns from Flatchr (cached an hour). Throws the client's errors. */
  hiredColumns(client: FlatchrApiClient): Promise<FlatchrColumnInfo[]> {
    return cachedHiredColumns(client, this.cache);
  }

  /** The company's hired columns if already cached, else null; never calls Flatchr. */
  cachedHiredColumnsOnly(companyKey: string): Promise<FlatchrColumnInfo[] | null> {
    return peekHiredColumns(this.cache, companyKey);
  }

  /** A refused key is shown on the connection whichever call met it. */
  async noteKeyRefused(connectionId: string, err: unknown): Promise<void> {
    if (err instanceof FlatchrKeyRefusedError) await this.connections.setFlatchrKeyRefused(connectionId, true).catch(() => undefined);
  }

  /** A call went through with the key: a refusal shown earlier is over. */
  async noteKeyAccepted(connectionId: string): Promise<void> {
    await this.connections.setFlatchrKeyRefused(connectionId, false).catch(() => undefined);
  }

  private build(access: FlatchrAccess, retry?: FlatchrRetryOptions): FlatchrApiClient {
    return new FlatchrApiClient({
      baseUrl: this.config.flatchrApiUrl,
      companyKey: access.companyKey,
      apiKey: access.apiKey,
      user: access.user,
      pacer: this.pacer,
      retry,
    });
  }
}
