import { BadRequestException, Injectable } from '@nestjs/common';
import { SyncJobFilter, SyncJobsRepository } from '../sync/sync-jobs.repository';
import { ListSyncJobsQuery, SyncJobFilterQuery } from './dto/list-sync-jobs.query';

export type { SyncJobEventRow, SyncJobRow } from '../sync/sync-jobs.repository';

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
  constructor(private readonly jobs: SyncJobsRepository) {}

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
