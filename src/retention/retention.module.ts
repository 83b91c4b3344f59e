import { Module } from '@nestjs/common';
import { EmployeesModule } from '../employees/employees.module';
import { QueueModule } from '../sync/queue.module';
import { SyncJobsModule } from '../sync/sync-jobs.module';
import { DeliveriesModule } from '../webhooks/deliveries.module';
import { PersonalDataPurger } from './personal-data-purger';

/** Runs in the worker role: one purger per deployment is enough, and workers already do background work. */
@Module({
  imports: [QueueModule, SyncJobsModule, DeliveriesModule, EmployeesModule],
  providers: [PersonalDataPurger],
  exports: [PersonalDataPurger],
})
export class RetentionModule {}
