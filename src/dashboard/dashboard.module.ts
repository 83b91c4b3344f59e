import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmployeesModule } from '../employees/employees.module';
import { SyncAttempt } from '../sync/sync-attempt.entity';
import { SyncJob } from '../sync/sync-job.entity';
import { BasicAuthGuard } from './basic-auth.guard';
import { SyncJobsApiController } from './sync-jobs-api.controller';
import { SyncJobsQueryService } from './sync-jobs-query.service';

@Module({
  imports: [TypeOrmModule.forFeature([SyncJob, SyncAttempt]), EmployeesModule],
  controllers: [SyncJobsApiController],
  providers: [SyncJobsQueryService, BasicAuthGuard],
})
export class DashboardModule {}
