import IORedis from 'ioredis';
import { RedisProcess, startRedisProcess } from '../../test/harness/redis-process';
import { checkRedisDurability } from './redis-durability-check';

/** Against real redis-servers of the test's own: the machine's shared Redis is never reconfigured by tests. */
describe('checkRedisDurability', () => {
  describe('when CONFIG GET is allowed', () => {
    let server: RedisProcess;
    let redis: IORedis;
    beforeAll(async () => {
      server = await startRedisProcess(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']);
      redis = new IORedis(server.url);
    });
    afterAll(async () => {
      await redis.quit();
      await server.stop();
    });

    it('is silent for noeviction with AOF on', async () => {
      await redis.config('SET', 'maxmemory-policy', 'noeviction');
      await redis.config('SET', 'appendonly', 'yes');
      expect(await checkRedisDurability(redis)).toEqual([]);
    });

    it('warns, naming the policy and the one to use, for an evicting policy', async () => {
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
      await redis.config('SET', 'appendonly', 'yes');
      expect(await checkRedisDurability(redis)).toEqual([expect.stringMatching(/"allkeys-lru".*"noeviction"/)]);
      await redis.config('SET', 'maxmemory-policy', 'volatile-ttl');
      expect(await checkRedisDurability(redis)).toEqual([expect.stringMatching(/"volatile-ttl"/)]);
    });

    it('warns when AOF is off, and names both problems together', async () => {
      await redis.config('SET', 'maxmemory-policy', 'noeviction');
      await redis.config('SET', 'appendonly', 'no');
      expect(await checkRedisDurability(redis)).toEqual([expect.stringMatching(/appendonly is "no".*appendonly yes/)]);
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
      expect(await checkRedisDurability(redis)).toHaveLength(2);
    });
  });

  describe('when CONFIG is forbidden (as on managed Redis)', () => {
    let server: RedisProcess;
    let redis: IORedis;
    beforeAll(async () => {
      server = await startRedisProcess(['--rename-command', 'CONFIG', '']);
      redis = new IORedis(server.url);
    });
    afterAll(async () => {
      await redis.quit();
      await server.stop();
    });

    it("warns once, with Redis' own reason, naming both settings to check", async () => {
      expect(await checkRedisDurability(redis)).toEqual([
        expect.stringMatching(/Could not read.*unknown command.*noeviction.*appendonly/i),
      ]);
    });
  });
});
