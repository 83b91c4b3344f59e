'use strict';
/**
 * Ingestion baseline: the least a webhook receiver can do with the same Postgres and Redis.
 * Bare Fastify (the version Nest's adapter uses), token check, one `INSERT ... RETURNING` of the body
 * into a jsonb table, one BullMQ `add` (same job options as the service's producer), answer 202.
 *
 * Plain JS run by bare node, like the built service (dist/): no TypeScript hook in either process under test.
 *
 * env: PORT, DATABASE_URL, REDIS_URL, QUEUE_PREFIX, WEBHOOK_TOKEN. Prints `READY <port>`.
 */
const Fastify = require('fastify');
const { Pool } = require('pg');
const IORedis = require('ioredis');
const { Queue } = require('bullmq');

const env = process.env;

async function main() {
  // Same pool size as the service (TypeORM `extra.max`), same producer Redis options.
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 10 });
  await pool.query(`CREATE TABLE IF NOT EXISTS baseline_deliveries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    received_at timestamptz NOT NULL DEFAULT now(),
    payload jsonb NOT NULL)`);
  const redis = new IORedis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5000 });
  redis.on('error', (err) => process.stderr.write(`redis: ${err.message}\n`));
  const queue = new Queue('hire-sync', { connection: redis, prefix: env.QUEUE_PREFIX });
  await queue.waitUntilReady();

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.post('/webhooks/flatchr', async (req, reply) => {
    if (req.query.token !== env.WEBHOOK_TOKEN) return reply.code(401).send({ error: 'bad token' });
    const { rows } = await pool.query('INSERT INTO baseline_deliveries (payload) VALUES ($1::jsonb) RETURNING id', [
      JSON.stringify(req.body),
    ]);
    const id = rows[0].id;
    await queue.add(
      'push-employee',
      { syncJobId: id, deliveryId: id },
      {
        jobId: `sync-${id}`,
        attempts: 10,
        backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
        removeOnComplete: { age: 24 * 3600, count: 1000 },
        removeOnFail: { age: 7 * 24 * 3600, count: 10000 },
      },
    );
    reply.code(202);
    return { id, status: 'queued' };
  });
  await app.listen({ port: Number(env.PORT ?? 0), host: '127.0.0.1' });
  process.stdout.write(`READY ${app.server.address().port}\n`);

  const stop = async () => {
    await app.close();
    await queue.close();
    await redis.quit();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err) => {
  process.stderr.write(`baseline ingest failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
