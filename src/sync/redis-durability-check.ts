import type IORedis from 'ioredis';

/**
 * Queued hires live in Redis until a worker takes them. Under a `maxmemory-policy` other than
 * `noeviction` Redis may silently drop them when memory runs short, and without AOF a restart loses
 * them (the reconciler re-queues them from Postgres, but only after RECONCILE_INTERVAL_MS).
 * Returns the warnings to log; none when all is well.
 */
export async function checkRedisDurability(redis: IORedis): Promise<string[]> {
  let policy: string | undefined;
  let appendOnly: string | undefined;
  try {
    policy = await readConfig(redis, 'maxmemory-policy');
    appendOnly = await readConfig(redis, 'appendonly');
  } catch (err) {
    // Managed Redis often forbids CONFIG; say so instead of guessing.
    return [
      `Could not read the Redis configuration (${(err as Error).message}); make sure maxmemory-policy is "noeviction" and appendonly is "yes"`,
    ];
  }
  const warnings: string[] = [];
  if (policy && policy !== 'noeviction') {
    warnings.push(`Redis maxmemory-policy is "${policy}": set it to "noeviction", or queued hires may be evicted under memory pressure`);
  }
  if (appendOnly && appendOnly !== 'yes') {
    warnings.push(
      `Redis appendonly is "${appendOnly}": set "appendonly yes", or a Redis restart loses queued hires until the reconciler re-queues them`,
    );
  }
  return warnings;
}

async function readConfig(redis: IORedis, name: string): Promise<string | undefined> {
  const reply = (await redis.config('GET', name)) as unknown as string[];
  return reply?.[1];
}
