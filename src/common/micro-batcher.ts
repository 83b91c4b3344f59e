/** The outcome of one item of a batch: items of one batch can fail apart. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: Error };

export interface MicroBatcherOptions {
  /** Most items handed to one call of the batch function. */
  maxBatch: number;
  /** Most batch calls running at once; items wait (and the next batch grows) beyond that. */
  maxInFlight: number;
}

/**
 * Groups the calls made while the event loop is busy into one call of `run`: items submitted in
 * the same turn of the loop, or while `maxInFlight` batches are running, travel together. When
 * the service is idle a batch holds one item and leaves on the next turn, so nothing waits on a
 * timer; under load one round trip (and one Postgres commit, one Redis transaction) serves many.
 *
 * `run` gets the items in submission order and answers one Settled per item, in the same order.
 * If it throws, every item of that batch fails with its error.
 */
export class MicroBatcher<T, R> {
  private pending: Array<{ item: T; resolve: (value: R) => void; reject: (error: Error) => void }> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: T[]) => Promise<Array<Settled<R>>>,
    private readonly options: MicroBatcherOptions,
  ) {
    if (options.maxBatch < 1 || options.maxInFlight < 1) throw new Error('maxBatch and maxInFlight must be at least 1');
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.pending.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    // setImmediate, not a microtask: the requests already read by this turn of the loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      while (this.pending.length > 0 && this.inFlight < this.options.maxInFlight) {
        void this.flush(this.pending.splice(0, this.options.maxBatch));
      }
    });
  }

  private async flush(batch: MicroBatcher<T, R>['pending']): Promise<void> {
    this.inFlight++;
    try {
      const results = await this.run(batch.map((b) => b.item));
      if (results.length !== batch.length) {
        throw new Error(`batch function answered ${results.length} results for ${batch.length} items`);
      }
      batch.forEach((b, i) => {
        const result = results[i];
        if (result.ok) b.resolve(result.value);
        else b.reject(result.error);
      });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      for (const b of batch) b.reject(error);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
