import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ConnectionsModule } from '../../connections/connections.module';
import { ActionGuard } from '../../dashboard/action.guard';
import { BasicAuthGuard } from '../../dashboard/basic-auth.guard';
import { CsrfService } from '../../dashboard/csrf';
import { QueueModule } from '../../sync/queue.module';
import { SyncJobsModule } from '../../sync/sync-jobs.module';
import { DeliveriesModule } from '../../webhooks/deliveries.module';
import { DeliveriesService } from '../../webhooks/deliveries.service';
import { FlatchrDeliveryParser } from '../../webhooks/flatchr-delivery.parser';
import { FlatchrApiModule } from './flatchr-api.module';
import { FlatchrBackfillController } from './flatchr-backfill.controller';
import { FlatchrBackfillRunner } from './flatchr-backfill.runner';
import { FlatchrBackfillService } from './flatchr-backfill.service';
import { FlatchrBackfillsRepository } from './flatchr-backfills.repository';
import { FlatchrCatchUpService } from './flatchr-catch-up.service';
import { FlatchrHireImport } from './flatchr-hire-import';
import { FlatchrWriteBackWorker } from './flatchr-write-back.worker';

/**
 * Catch-up, backfill and write-back through Flatchr's REST API. The worker role runs them; the API role
 * (with the dashboard's credentials) takes backfill requests. CsrfService derives its key from the
 * configuration, so this module's copy accepts the dashboard's tokens.
 */
@Module({})
export class FlatchrCatchUpModule {
  static forRole(runsWorker: boolean, servesApi: boolean): DynamicModule {
    const worker: Provider[] = runsWorker
      ? [DeliveriesService, FlatchrDeliveryParser, FlatchrHireImport, FlatchrCatchUpService, FlatchrBackfillRunner, FlatchrWriteBackWorker]
      : [];
    const api: Provider[] = servesApi ? [FlatchrBackfillService, CsrfService, BasicAuthGuard, ActionGuard] : [];
    return {
      module: FlatchrCatchUpModule,
      imports: [FlatchrApiModule, QueueModule, SyncJobsModule, ConnectionsModule, DeliveriesModule],
      controllers: servesApi ? [FlatchrBackfillController] : [],
      providers: [FlatchrBackfillsRepository, ...worker, ...api],
    };
  }
}
