import IORedis from 'ioredis';
import { RedisProcess, startRedisProcess } from '../../test/support/redis-process';
import { checkEvictionPolicy } from './redis-eviction-check';

/** Against real redis-servers of the test's own: the check reads what Redis actually answers. */
describe('checkEvictionPolicy', () => {
  describe('when CONFIG GET is allowed', () => {
    let server: RedisProcess;
    let redis: IORedis;
    beforeAll(async () => {
      server = await startRedisProcess(['--maxmemory-policy', 'allkeys-lru']);
      redis = new IORedis(server.url);
    });
    afterAll(async () => {
      await redis.quit();
      await server.stop();
    });

    it('warns, naming the policy and the one to use, for an evicting policy', async () => {
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
      expect(await checkEvictionPolicy(redis)).toMatch(/"allkeys-lru".*"noeviction"/);
      await redis.config('SET', 'maxmemory-policy', 'volatile-ttl');
      expect(await checkEvictionPolicy(redis)).toMatch(/"volatile-ttl"/);
    });

    it('is silent for noeviction', async () => {
      await redis.config('SET', 'maxmemory-policy', 'noeviction');
      expect(await checkEvictionPolicy(redis)).toBeNull();
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

    it('warns that the policy could not be read, with Redis\' own reason', async () => {
      expect(await checkEvictionPolicy(redis)).toMatch(/Could not read Redis maxmemory-policy \(ERR unknown command 'config'.*noeviction/i);
    });
  });
});
