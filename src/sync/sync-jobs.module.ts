import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HireSyncProducer } from './hire-sync.producer';
import { QueueModule } from './queue.module';
import { SyncAttempt } from './sync-attempt.entity';
import { SyncJob } from './sync-job.entity';
import { SyncJobsService } from './sync-jobs.service';

/** Enqueueing hires and settling their sync_jobs rows: used by the webhook, the dashboard and the worker. */
@Module({
  imports: [QueueModule, TypeOrmModule.forFeature([SyncJob, SyncAttempt])],
  providers: [HireSyncProducer, SyncJobsService],
  exports: [HireSyncProducer, SyncJobsService],
})
export class SyncJobsModule {}
