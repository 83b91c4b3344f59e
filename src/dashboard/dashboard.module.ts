import { Module } from '@nestjs/common';
import { ConnectionsApiController } from '../connections/connections-api.controller';
import { ConnectionsModule } from '../connections/connections.module';
import { AlertsApiController } from '../alerts/alerts-api.controller';
import { AlertsModule } from '../alerts/alerts.module';
import { SettingsPageController } from '../alerts/settings-page.controller';
import { EmployeesModule } from '../employees/employees.module';
import { FlatchrApiModule } from '../flatchr/catch-up/flatchr-api.module';
import { FlatchrBackfillService } from '../flatchr/catch-up/flatchr-backfill.service';
import { FlatchrBackfillsRepository } from '../flatchr/catch-up/flatchr-backfills.repository';
import { QueueModule } from '../sync/queue.module';
import { SyncJobsModule } from '../sync/sync-jobs.module';
import { DeliveriesModule } from '../webhooks/deliveries.module';
import { ActionGuard } from './action.guard';
import { ConnectionsPageController } from './connections-page.controller';
import { BasicAuthGuard } from './basic-auth.guard';
import { CsrfService } from './csrf';
import { PageContexts } from './page-contexts';
import { DashboardAssetsController } from './dashboard-assets.controller';
import { DashboardPagesController } from './dashboard-pages.controller';
import { DocsController } from './docs.controller';
import { DeliveriesQueryService } from './deliveries-query.service';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { OverviewService } from './overview.service';
import { SyncJobActionsService } from './sync-job-actions.service';
import { SyncJobsApiController } from './sync-jobs-api.controller';
import { SyncJobsQueryService } from './sync-jobs-query.service';

/** Operators' view: HTML dashboard, JSON API, metrics. bull-board and /docs are mounted by dashboard-mount.ts. */
@Module({
  imports: [EmployeesModule, DeliveriesModule, QueueModule, SyncJobsModule, ConnectionsModule, AlertsModule, FlatchrApiModule],
  controllers: [
    SyncJobsApiController,
    ConnectionsApiController,
    DashboardPagesController,
    DashboardAssetsController,
    MetricsController,
    DocsController,
    AlertsApiController,
    SettingsPageController,
    ConnectionsPageController,
  ],
  providers: [
    SyncJobsQueryService,
    SyncJobActionsService,
    DeliveriesQueryService,
    OverviewService,
    MetricsService,
    CsrfService,
    PageContexts,
    BasicAuthGuard,
    ActionGuard,
    // The connection page asks for backfills and shows their progress, as the API does.
    FlatchrBackfillService,
    FlatchrBackfillsRepository,
  ],
})
export class DashboardModule {}
