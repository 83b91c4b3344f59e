import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { FLATCHR_WRITE_BACK_QUEUE } from '../../sync/queue.constants';

export const FLATCHR_WRITE_BACK_QUEUE_TOKEN = Symbol('FLATCHR_WRITE_BACK_QUEUE');

/** Only the sync job's id: the row says what was synced, and whether it was written back already. */
export interface WriteBackJobData {
  syncJobId: string;
}

export type FlatchrWriteBackQueue = Queue<WriteBackJobData>;

export function createWriteBackQueue(connection: IORedis, prefix: string, onError: (err: Error) => void): FlatchrWriteBackQueue {
  const queue = new Queue<WriteBackJobData>(FLATCHR_WRITE_BACK_QUEUE, { connection, prefix, defaultJobOptions: { stackTraceLimit: 0 } });
  queue.on('error', onError);
  return queue;
}

/** One write-back per sync job, ever: BullMQ ignores a job id it holds, the row's `done` covers the rest. */
export function writeBackJobId(syncJobId: string): string {
  return `write-back-${syncJobId}`;
}
