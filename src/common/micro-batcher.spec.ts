import { MicroBatcher, Settled } from './micro-batcher';

/** A batch function whose calls can be inspected and finished by hand. */
function controlled() {
  const calls: Array<{ items: number[]; finish: (results: Array<Settled<string>>) => void; fail: (e: Error) => void }> = [];
  const run = (items: number[]) =>
    new Promise<Array<Settled<string>>>((resolve, reject) => calls.push({ items, finish: resolve, fail: reject }));
  return { calls, run };
}

const ok = (items: number[]): Array<Settled<string>> => items.map((i) => ({ ok: true, value: `v${i}` }));
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('MicroBatcher', () => {
  it('sends the items submitted in one turn of the event loop as one batch, in order', async () => {
    const { calls, run } = controlled();
    const batcher = new MicroBatcher(run, { maxBatch: 10, maxInFlight: 2 });
    const results = [1, 2, 3].map((i) => batcher.submit(i));
    await turn();
    expect(calls.map((c) => c.items)).toEqual([[1, 2, 3]]);
    calls[0].finish(ok([1, 2, 3]));
    await expect(Promise.all(results)).resolves.toEqual(['v1', 'v2', 'v3']);
  });

  it('splits at maxBatch and holds items back while maxInFlight batches run, then sends them together', async () => {
    const { calls, run } = controlled();
    const batcher = new MicroBatcher(run, { maxBatch: 2, maxInFlight: 2 });
    const first = [1, 2, 3, 4, 5].map((i) => batcher.submit(i));
    await turn();
    expect(calls.map((c) => c.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const later = [6].map((i) => batcher.submit(i));
    await turn();
    expect(calls).toHaveLength(2);

    calls[0].finish(ok([1, 2]));
    await Promise.all(first.slice(0, 2));
    await turn();
    expect(calls.map((c) => c.items)[2]).toEqual([5, 6]);
    calls[1].finish(ok([3, 4]));
    calls[2].finish(ok([5, 6]));
    await expect(Promise.all([...first, ...later])).resolves.toEqual(['v1', 'v2', 'v3', 'v4', 'v5', 'v6']);
  });

  it('fails items apart when the batch function says so', async () => {
    const batcher = new MicroBatcher(
      async (items: number[]): Promise<Array<Settled<number>>> =>
        items.map((i) => (i % 2 ? { ok: true, value: i * 10 } : { ok: false, error: new Error(`odd one out ${i}`) })),
      { maxBatch: 10, maxInFlight: 1 },
    );
    const [a, b, c] = [1, 2, 3].map((i) => batcher.submit(i));
    await expect(a).resolves.toBe(10);
    await expect(b).rejects.toThrow('odd one out 2');
    await expect(c).resolves.toBe(30);
  });

  it('fails every item of a batch whose function throws, and goes on with the next batch', async () => {
    const { calls, run } = controlled();
    const batcher = new MicroBatcher(run, { maxBatch: 10, maxInFlight: 1 });
    const failed = [1, 2].map((i) => batcher.submit(i));
    await turn();
    calls[0].fail(new Error('connection lost'));
    await Promise.all(failed.map((p) => expect(p).rejects.toThrow('connection lost')));
    const next = batcher.submit(3);
    await turn();
    calls[1].finish(ok([3]));
    await expect(next).resolves.toBe('v3');
  });

  it('refuses a batch function that answers for the wrong number of items', async () => {
    const batcher = new MicroBatcher(async () => ok([1]), { maxBatch: 10, maxInFlight: 1 });
    const both = [1, 2].map((i) => batcher.submit(i));
    await Promise.all(both.map((p) => expect(p).rejects.toThrow('answered 1 results for 2 items')));
  });
});
