import IORedis from 'ioredis';
import { TEST_REDIS_URL } from './local-services';

/** Calls `onKeys` with every batch of keys matching `pattern` (SCAN, so a busy Redis is never blocked). */
export async function scanKeys(
  pattern: string,
  onKeys: (keys: string[]) => Promise<void> | void,
  redisUrl = TEST_REDIS_URL,
): Promise<void> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) await onKeys(keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Removes every key of one queue prefix (BullMQ keys are `<prefix>:<queue>:...`); returns how many. */
export async function deleteQueueKeys(prefix: string, redisUrl = TEST_REDIS_URL): Promise<number> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 3 });
  let deleted = 0;
  try {
    await scanKeys(`${prefix}:*`, async (keys) => void (deleted += await redis.unlink(...keys)), redisUrl);
  } finally {
    redis.disconnect();
  }
  return deleted;
}
