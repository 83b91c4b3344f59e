'use strict';
/**
 * Sync baseline: the least a hire-sync worker can do. A BullMQ worker on the same queue layout and
 * concurrency as the service's, that per job reads the row (sync job + delivery payload, one SELECT),
 * POSTs a minimal employee record with fetch (as the service does), and updates the row (one UPDATE).
 * No mapping library, no employees table, no attempt log. Plain JS run by bare node, like the built service
 * (dist/): no TypeScript hook in either process under test.
 *
 * env: DATABASE_URL, REDIS_URL, QUEUE_PREFIX, SIRH_BASE_URL, SIRH_API_KEY, SYNC_CONCURRENCY.
 * Prints `READY` once the worker holds its Redis connection.
 */
const { Pool } = require('pg');
const { Worker } = require('bullmq');

const env = process.env;

async function main() {
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 10 });
  const redisUrl = new URL(env.REDIS_URL);
  const worker = new Worker(
    'hire-sync',
    async (job) => {
      const { syncJobId } = job.data;
      const { rows } = await pool.query('SELECT d.payload FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id WHERE j.id = $1', [
        syncJobId,
      ]);
      if (rows.length === 0) throw new Error(`sync job ${syncJobId} not found`);
      const body = rows[0].payload;
      const c = body.data.candidate;
      const record = {
        externalId: `flatchr:${body.company_id}:${c.id}`,
        firstName: c.firstname,
        lastName: c.lastname,
        email: c.email ?? null,
        phone: c.phone ?? null,
        contractType: null,
        startDate: null,
      };
      const res = await fetch(`${env.SIRH_BASE_URL}/employees`, {
        method: 'POST',
        body: JSON.stringify(record),
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          Authorization: `Bearer ${env.SIRH_API_KEY}`,
          'Idempotency-Key': `hirebridge:${record.externalId}`,
        },
        signal: AbortSignal.timeout(10000),
      });
      const text = await res.text();
      if (res.status !== 201 && res.status !== 200) throw new Error(`SIRH answered ${res.status}`);
      const hrisId = JSON.parse(text).id;
      await pool.query(
        `UPDATE sync_jobs SET status = 'succeeded', hris_id = $2, attempt_count = attempt_count + 1,
                started_at = now(), finished_at = now(), updated_at = now() WHERE id = $1`,
        [syncJobId, hrisId],
      );
      return { status: 'succeeded', hrisId };
    },
    {
      connection: {
        host: redisUrl.hostname,
        port: redisUrl.port ? Number(redisUrl.port) : 6379,
        maxRetriesPerRequest: null,
      },
      prefix: env.QUEUE_PREFIX,
      concurrency: Number(env.SYNC_CONCURRENCY ?? 5),
    },
  );
  worker.on('error', (err) => process.stderr.write(`worker: ${err.message}\n`));
  await worker.waitUntilReady();
  process.stdout.write('READY\n');

  const stop = async () => {
    await worker.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err) => {
  process.stderr.write(`baseline worker failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
