import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { withTimeout } from '../common/with-timeout';
import { AppConfigService } from '../config/app-config.service';
import { pushEmployeeJobId } from '../sync/hire-sync.job';
import { HIRE_SYNC_QUEUE_TOKEN, HireSyncQueue } from '../sync/hire-sync.queue';
import { RetrySchedule, retrySchedule } from '../sync/retry-schedule';
import { SyncJobFilter, SyncJobsRepository } from '../sync/sync-jobs.repository';
import { ListSyncJobsQuery, SyncJobFilterQuery } from './dto/list-sync-jobs.query';

export type { SyncJobEventRow, SyncJobRow } from '../sync/sync-jobs.repository';

/** Redis calls for a page give up quickly. */
const REDIS_TIMEOUT_MS = 1000;

/** A date alone in `to` means "that whole day". */
function endBound(to: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) {
    const next = new Date(`${to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return next.toISOString();
  }
  return to;
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^[0-9a-f-]{36}$/i.test(id) || !/^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)?$/.test(at)) {
    throw new BadRequestException('cursor is not valid');
  }
  return { at, id };
}

function filterOf(q: SyncJobFilterQuery): SyncJobFilter {
  return { status: q.status, from: q.from, before: q.to ? endBound(q.to) : undefined, q: q.q };
}

/** Read side of sync jobs for operators: newest first, searchable, with attempts and timeline. */
@Injectable()
export class SyncJobsQueryService {
  constructor(
    private readonly jobs: SyncJobsRepository,
    @Inject(HIRE_SYNC_QUEUE_TOKEN) private readonly queue: HireSyncQueue,
    private readonly config: AppConfigService,
  ) {}

  /**
   * When a retrying job runs next and gives up at the latest, from its BullMQ job (attempts made
   * and allowed, back-off, current delay) and the end of its last attempt. Null when the job is not
   * waiting for a retry, or Redis does not answer quickly (a page must not hang on it).
   */
  async retrySchedule(
    job: { id: string; run: number; status: string },
    lastAttempt: { startedAt: Date; durationMs: number } | undefined,
  ): Promise<RetrySchedule | null> {
    if (job.status !== 'retrying' || !lastAttempt) return null;
    try {
      const queued = await withTimeout(this.queue.getJob(pushEmployeeJobId(job.id, job.run)), REDIS_TIMEOUT_MS);
      if (!queued || !(await withTimeout(queued.isDelayed(), REDIS_TIMEOUT_MS))) return null;
      const backoff = queued.opts.backoff;
      return retrySchedule({
        attemptsMade: queued.attemptsMade,
        maxAttempts: queued.opts.attempts ?? this.config.sync.maxAttempts,
        backoffMs: typeof backoff === 'number' ? backoff : (backoff?.delay ?? this.config.sync.backoffMs),
        delayMs: queued.delay,
        lastAttemptEndedAt: new Date(lastAttempt.startedAt.getTime() + lastAttempt.durationMs),
        callTimeoutMs: this.config.hrisTimeoutMs,
      });
    } catch {
      return null;
    }
  }

  async list(query: ListSyncJobsQuery) {
    const filter = filterOf(query);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const [total, rows] = await Promise.all([
      this.jobs.count(filter),
      this.jobs.list(filter, { limit: query.pageSize + 1, offset: after ? 0 : (query.page - 1) * query.pageSize, after }),
    ]);
    const more = rows.length > query.pageSize;
    const page = rows.slice(0, query.pageSize);
    const last = page[page.length - 1];
    return {
      items: page.map(({ cursorAt: _cursorAt, ...row }) => row),
      total,
      page: query.cursor ? null : query.page,
      pageSize: query.pageSize,
      nextCursor: more && last ? encodeCursor(last.cursorAt, last.id) : null,
    };
  }

  /** Ids of the failed jobs matching the filters, oldest first (the order they will be retried in). */
  failedIds(filter: SyncJobFilterQuery, limit: number): Promise<string[]> {
    return this.jobs.failedIds(filterOf(filter), limit);
  }

  summary(id: string) {
    return this.jobs.summary(id);
  }

  /** Everything about one job: delivery as received, mapped record, employee, attempts, timeline. */
  async detail(id: string) {
    const job = await this.jobs.findWithRelations(id);
    if (!job) return null;
    const [attempts, events, summary] = await Promise.all([this.jobs.attemptsOf(id), this.events(id), this.summary(id)]);
    return {
      ...job,
      candidateName: summary?.candidateName ?? null,
      email: summary?.email ?? null,
      vacancy: summary?.vacancy ?? null,
      company: summary?.company ?? null,
      attempts,
      events,
    };
  }

  events(id: string) {
    return this.jobs.timelineOf(id);
  }
}
