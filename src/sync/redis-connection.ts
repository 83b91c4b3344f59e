import { ConnectionOptions } from 'bullmq';
import IORedis from 'ioredis';

export const QUEUE_REDIS = Symbol('QUEUE_REDIS');

/**
 * Producers and health checks must fail fast when Redis is down (the delivery is already in
 * Postgres; the reconciler enqueues it later), so commands are not queued offline.
 */
export function createProducerRedis(url: string, onError: (err: Error) => void): IORedis {
  const redis = new IORedis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 5000,
  });
  // ioredis reconnects by itself; without a listener each failed try would be an unhandled 'error'.
  redis.on('error', onError);
  return redis;
}

/** Workers block on Redis and must keep retrying forever, as BullMQ requires. */
export function workerRedisOptions(url: string): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
