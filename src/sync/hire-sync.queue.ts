import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { PushEmployeeJobData } from './hire-sync.job';
import { HIRE_SYNC_QUEUE } from './queue.constants';

export const HIRE_SYNC_QUEUE_TOKEN = Symbol('HIRE_SYNC_QUEUE');

export type HireSyncQueue = Queue<PushEmployeeJobData>;

export function createHireSyncQueue(connection: IORedis, prefix: string, onError: (err: Error) => void): HireSyncQueue {
  const queue = new Queue<PushEmployeeJobData>(HIRE_SYNC_QUEUE, { connection, prefix });
  queue.on('error', onError);
  return queue;
}
