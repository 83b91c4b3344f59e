import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { RedisSharedCache } from '../../hris/shared-cache';
import { MockFlatchr, startFlatchrMock } from '../../mock-flatchr/mock-flatchr.server';
import { FlatchrApiClient } from './flatchr-api.client';
import { FlatchrKeyRefusedError } from './flatchr-api.errors';
import { cachedContractTypeTable, cachedHiredColumns, peekHiredColumns } from './flatchr-referentials';
import { QueuedFlatchrRequestPacer } from './flatchr-request-pacer';

const prefix = `test:flatchr-referentials:${randomUUID()}:`;
let redis: IORedis;
let mock: MockFlatchr;

beforeAll(async () => {
  redis = new IORedis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  mock = await startFlatchrMock({ apiKey: 'k', companyKey: 'Key1' });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await mock.close();
});

const client = (apiKey = 'k') =>
  new FlatchrApiClient({
    baseUrl: mock.url,
    companyKey: 'Key1',
    apiKey,
    pacer: new QueuedFlatchrRequestPacer({ requestsPerSecond: 1000 }),
    retry: { attempts: 1 },
  });

describe('Flatchr referentials in the shared cache', () => {
  it('reads the contract referential once for every worker, then from Redis', async () => {
    const cache = new RedisSharedCache(redis, `${prefix}a:`);
    const expected = { '1': 'CDI', '2': 'CDD', '3': 'INTERNSHIP', '4': 'APPRENTICESHIP', '5': 'FREELANCE', '6': 'INTERIM' };
    expect(await cachedContractTypeTable(client(), cache)).toEqual(expected);
    // Another worker with another client: no second call, even with a key Flatchr would refuse.
    expect(await cachedContractTypeTable(client('refused'), new RedisSharedCache(redis, `${prefix}a:`))).toEqual(expected);
    expect(mock.apiRequests('/contracts')).toHaveLength(1);
    expect(await redis.pttl(`${prefix}a:flatchr:contracts:fr`)).toBeGreaterThan(23 * 60 * 60 * 1000);
  });

  it('caches the hired columns per company, and surfaces a refused key when nothing is cached', async () => {
    const cache = new RedisSharedCache(redis, `${prefix}b:`);
    await expect(cachedHiredColumns(client('refused'), cache)).rejects.toBeInstanceOf(FlatchrKeyRefusedError);
    expect(await cachedHiredColumns(client(), cache)).toEqual([{ id: '696', title: 'Recruté', hired: true }]);
    expect(await cachedHiredColumns(client(), cache)).toEqual([{ id: '696', title: 'Recruté', hired: true }]);
    expect(mock.apiRequests('/columns').map((r) => r.status)).toEqual([401, 200]);
  });

  it('peeks at the cached hired columns without calling Flatchr', async () => {
    const cache = new RedisSharedCache(redis, `${prefix}c:`);
    const before = mock.apiRequests('/columns').length;
    expect(await peekHiredColumns(cache, 'Key1')).toBeNull();
    expect(mock.apiRequests('/columns')).toHaveLength(before);
    await cachedHiredColumns(client(), cache);
    expect(await peekHiredColumns(cache, 'Key1')).toEqual([{ id: '696', title: 'Recruté', hired: true }]);
    expect(await peekHiredColumns(cache, 'OtherKey')).toBeNull();
    await cache.set('flatchr:columns:Broken', 'not json', 60_000);
    expect(await peekHiredColumns(cache, 'Broken')).toBeNull();
  });
});
