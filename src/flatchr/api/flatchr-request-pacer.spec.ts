import { RateLimiterMemory } from 'rate-limiter-flexible';
import { QueuedFlatchrRequestPacer } from './flatchr-request-pacer';

describe('QueuedFlatchrRequestPacer', () => {
  it('runs one call at a time per company, in order, even when one fails', async () => {
    const pacer = new QueuedFlatchrRequestPacer({ requestsPerSecond: 1000 });
    let inFlight = 0;
    let most = 0;
    const order: number[] = [];
    const call = (n: number) => async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      order.push(n);
      inFlight--;
      if (n === 2) throw new Error('boom');
      return n;
    };
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => pacer.run('companyA', call(n))));
    expect(most).toBe(1);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });

  it('lets two companies run side by side', async () => {
    const pacer = new QueuedFlatchrRequestPacer({ requestsPerSecond: 1000 });
    let inFlight = 0;
    let most = 0;
    const call = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
    };
    await Promise.all([pacer.run('a', call), pacer.run('b', call)]);
    expect(most).toBe(2);
  });

  it('takes one token of the given limiter per call, keyed by company', async () => {
    const limiter = new RateLimiterMemory({ points: 100, duration: 60 });
    const pacer = new QueuedFlatchrRequestPacer({ limiter });
    await Promise.all([1, 2, 3].map(() => pacer.run('companyA', async () => undefined)));
    expect((await limiter.get('companyA'))?.consumedPoints).toBe(3);
    expect(await limiter.get('companyB')).toBeNull();
  });
});
