import { Module } from '@nestjs/common';
import { SyncJobsModule } from '../sync/sync-jobs.module';
import { DeliveriesModule } from '../webhooks/deliveries.module';
import { AlertRules } from './alert-rules';
import { AlertsModule } from './alerts.module';

/** The periodic alert rules: in the worker role, beside the reconciler and retention. */
@Module({
  imports: [AlertsModule, SyncJobsModule, DeliveriesModule],
  providers: [AlertRules],
  exports: [AlertRules],
})
export class AlertRulesModule {}
