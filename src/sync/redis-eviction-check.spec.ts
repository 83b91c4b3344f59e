import IORedis from 'ioredis';
import { TEST_REDIS_URL } from '../../test/support/test-database';
import { checkEvictionPolicy } from './redis-eviction-check';

const fakeRedis = (config: () => Promise<unknown>) => ({ config }) as unknown as IORedis;

describe('checkEvictionPolicy', () => {
  it('is silent for noeviction', async () => {
    expect(await checkEvictionPolicy(fakeRedis(async () => ['maxmemory-policy', 'noeviction']))).toBeNull();
  });
  it('warns, naming the policy, for anything else', async () => {
    expect(await checkEvictionPolicy(fakeRedis(async () => ['maxmemory-policy', 'allkeys-lru']))).toMatch(/allkeys-lru.*noeviction/);
  });
  it("reads the real Redis' policy", async () => {
    const redis = new IORedis(TEST_REDIS_URL);
    try {
      const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as unknown as string[];
      const warning = await checkEvictionPolicy(redis);
      if (policy === 'noeviction') expect(warning).toBeNull();
      else expect(warning).toContain(policy);
    } finally {
      await redis.quit();
    }
  });

  it('warns when the policy cannot be read', async () => {
    const warning = await checkEvictionPolicy(
      fakeRedis(async () => {
        throw new Error("ERR unknown command 'CONFIG'");
      }),
    );
    expect(warning).toMatch(/Could not read.*unknown command/);
  });
});
