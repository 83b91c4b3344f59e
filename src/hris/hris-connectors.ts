import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { AppConfigService } from '../config/app-config.service';
import { QUEUE_REDIS } from '../sync/redis-connection';
import { ConnectionBudgets } from './connection-budget';
import type { HrisConnection } from './hris-connection';
import type { HrisConnector } from './hris-connector';
import { HrisHttp, connectionOrigin } from './hris-http';
import { hrisDefinition } from './hris-registry';
import { RedisSharedCache } from './shared-cache';

/** A connection as the factory needs it: with its budget, and a version that changes with the row. */
export interface ConnectorTarget extends HrisConnection {
  /** Null: no budget of our own (the vendor's 429s still apply). */
  requestsPerMinute: number | null;
  version: string;
}

/**
 * Builds each connection's connector once (rebuilt when the connection changes): its HTTP bound
 * to the connection's origin, time-out and Redis-backed budget, and a cache shared by every worker.
 */
@Injectable()
export class HrisConnectors {
  private readonly built = new Map<string, { version: string; connector: HrisConnector }>();
  private readonly budgets: ConnectionBudgets;

  constructor(
    @Inject(QUEUE_REDIS) private readonly redis: IORedis,
    private readonly config: AppConfigService,
  ) {
    this.budgets = new ConnectionBudgets(redis, config.queuePrefix);
  }

  for(target: ConnectorTarget): HrisConnector {
    const cached = this.built.get(target.id);
    if (cached && cached.version === `${target.version}:${target.requestsPerMinute}`) return cached.connector;
    const connector = this.build(target);
    this.built.set(target.id, { version: `${target.version}:${target.requestsPerMinute}`, connector });
    return connector;
  }

  /** A connector for a one-off call (the connection test), with the same budget, not kept. */
  build(target: ConnectorTarget): HrisConnector {
    const definition = hrisDefinition(target.provider);
    if (!definition) throw new Error(`no connector for provider ${target.provider}`);
    const http = new HrisHttp({
      vendor: definition.label,
      origin: connectionOrigin(target.baseUrl, definition.documentedOrigin(target.settings)),
      timeoutMs: this.config.hrisTimeoutMs,
      budget: target.requestsPerMinute === null ? undefined : this.budgets.for(target.id, target.requestsPerMinute),
    });
    const cache = new RedisSharedCache(this.redis, `${this.config.queuePrefix}:hris-cache:${target.id}:`);
    return definition.create(target, { http, cache, now: () => new Date() });
  }
}
