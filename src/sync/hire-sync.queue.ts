import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { PushEmployeeJobData } from './hire-sync.job';
import { HIRE_SYNC_QUEUE } from './queue.constants';

export const HIRE_SYNC_QUEUE_TOKEN = Symbol('HIRE_SYNC_QUEUE');

export type HireSyncQueue = Queue<PushEmployeeJobData>;

export function createHireSyncQueue(connection: IORedis, prefix: string, onError: (err: Error) => void): HireSyncQueue {
  const queue = new Queue<PushEmployeeJobData>(HIRE_SYNC_QUEUE, {
    connection,
    prefix,
    // A failed job keeps its error message but no stack trace: file paths are no one's business on
    // the queue board, and the attempt rows and the log keep what went wrong.
    defaultJobOptions: { stackTraceLimit: 0 },
  });
  queue.on('error', onError);
  return queue;
}
