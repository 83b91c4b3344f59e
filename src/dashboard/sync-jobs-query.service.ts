import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SyncAttempt } from '../sync/sync-attempt.entity';
import { SyncJob } from '../sync/sync-job.entity';
import { ListSyncJobsQuery } from './dto/list-sync-jobs.query';

/** Read side of sync jobs for operators: newest first, with attempts and the delivery they came from. */
@Injectable()
export class SyncJobsQueryService {
  constructor(
    @InjectRepository(SyncJob) private readonly jobs: Repository<SyncJob>,
    @InjectRepository(SyncAttempt) private readonly attempts: Repository<SyncAttempt>,
  ) {}

  async list(query: ListSyncJobsQuery) {
    const [items, total] = await this.jobs.findAndCount({
      where: query.status ? { status: query.status } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async detail(id: string) {
    const job = await this.jobs.findOne({ where: { id }, relations: { delivery: true, employee: true } });
    if (!job) return null;
    const attempts = await this.attempts.find({ where: { syncJobId: id }, order: { attemptNo: 'ASC' } });
    return { ...job, attempts };
  }
}
