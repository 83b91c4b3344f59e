import { MicroBatcher, Settled } from '../common/micro-batcher';
import type { NewDelivery, WriteOutcome } from './deliveries.repository';

export type { NewDelivery, WriteOutcome } from './deliveries.repository';

/** Postgres refuses some text (invalid Unicode escapes in keys, oversized values): the sender's fault, not an outage. */
export function isUnstorableInput(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '22P05' || code === '22P02' || code === '22021' || code === '54000';
}

/**
 * Stores new deliveries, many per round trip when many arrive at once (one Postgres commit for
 * the batch instead of one per delivery). The webhook still answers each delivery only once its
 * row is committed.
 */
export class DeliveryBatchWriter {
  private readonly batcher: MicroBatcher<NewDelivery, WriteOutcome>;

  /** `insert`: one statement for the batch, answering each item in order (DeliveriesRepository.insertNew). */
  constructor(private readonly insert: (items: NewDelivery[]) => Promise<WriteOutcome[]>) {
    // 4 batches in flight leave most of the pool (10) to the dashboard and the reconciler.
    this.batcher = new MicroBatcher((items) => this.writeBatch(items), { maxBatch: 100, maxInFlight: 4 });
  }

  write(delivery: NewDelivery): Promise<WriteOutcome> {
    return this.batcher.submit(delivery);
  }

  private async writeBatch(items: NewDelivery[]): Promise<Array<Settled<WriteOutcome>>> {
    try {
      return (await this.insert(items)).map((value) => ({ ok: true, value }));
    } catch (err) {
      if (items.length === 1 || !isUnstorableInput(err)) throw err;
      // One bad body must not fail the others that shared its statement: store them one by one.
      return Promise.all(
        items.map(async (item): Promise<Settled<WriteOutcome>> => {
          try {
            return { ok: true, value: (await this.insert([item]))[0] };
          } catch (error) {
            return { ok: false, error: error as Error };
          }
        }),
      );
    }
  }
}
