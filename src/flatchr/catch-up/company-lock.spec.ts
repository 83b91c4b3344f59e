import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { CompanyLocks } from './company-lock';

const REDIS_URL = 'redis://127.0.0.1:6379';

describe('CompanyLocks (real Redis): one catch-up or backfill per company across processes', () => {
  const prefix = `test:company-lock:${randomBytes(4).toString('hex')}:`;
  let a: IORedis;
  let b: IORedis;

  beforeAll(() => {
    a = new IORedis(REDIS_URL);
    b = new IORedis(REDIS_URL);
  });
  afterAll(async () => {
    const keys = await a.keys(`${prefix}*`);
    if (keys.length > 0) await a.del(...keys);
    await a.quit();
    await b.quit();
  });

  it('a second process is refused while the first holds the company, and gets it once released', async () => {
    const first = new CompanyLocks(a, prefix);
    const second = new CompanyLocks(b, prefix);
    const held = await first.tryAcquire('G6KzqPnNLyp31m0l');
    expect(held).not.toBeNull();
    expect(await second.tryAcquire('G6KzqPnNLyp31m0l')).toBeNull();
    // Another company is not held.
    const other = await second.tryAcquire('OtherCompanyKey1');
    expect(other).not.toBeNull();
    await other!.release();
    expect(await held!.extend()).toBe(true);
    await held!.release();
    const now = await second.tryAcquire('G6KzqPnNLyp31m0l');
    expect(now).not.toBeNull();
    // The first holder's late release does not free the second's lock.
    await held!.release();
    expect(await first.tryAcquire('G6KzqPnNLyp31m0l')).toBeNull();
    await now!.release();
  });

  it('a crashed holder frees the company when its time runs out', async () => {
    const short = new CompanyLocks(a, prefix, 50);
    const held = await short.tryAcquire('CrashedCompany01');
    expect(held).not.toBeNull();
    await new Promise((r) => setTimeout(r, 120));
    expect(await held!.extend()).toBe(false);
    const again = await new CompanyLocks(b, prefix).tryAcquire('CrashedCompany01');
    expect(again).not.toBeNull();
    await again!.release();
  });
});
