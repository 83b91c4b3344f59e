import type IORedis from 'ioredis';

/**
 * BullMQ needs `maxmemory-policy noeviction`: under any other policy Redis may silently drop
 * queued jobs when memory runs short. Returns a warning to log, or null when all is well.
 */
export async function checkEvictionPolicy(redis: IORedis): Promise<string | null> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as unknown as string[];
    const policy = reply?.[1];
    if (policy && policy !== 'noeviction') {
      return `Redis maxmemory-policy is "${policy}": set it to "noeviction", or queued hires may be evicted under memory pressure`;
    }
    return null;
  } catch (err) {
    // Managed Redis often forbids CONFIG; say so instead of guessing.
    return `Could not read Redis maxmemory-policy (${(err as Error).message}); make sure it is "noeviction"`;
  }
}
