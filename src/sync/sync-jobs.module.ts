import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HireSyncProducer } from './hire-sync.producer';
import { QueueModule } from './queue.module';
import { SyncAttempt } from './sync-attempt.entity';
import { SyncJob } from './sync-job.entity';
import { SyncJobEvent } from './sync-job-event.entity';
import { SyncJobsRepository } from './sync-jobs.repository';

/** Enqueueing hires and the sync tables' owner: used by the webhook, the dashboard, retention and the worker. */
@Module({
  imports: [QueueModule, TypeOrmModule.forFeature([SyncJob, SyncAttempt, SyncJobEvent])],
  providers: [HireSyncProducer, SyncJobsRepository],
  exports: [HireSyncProducer, SyncJobsRepository],
})
export class SyncJobsModule {}
