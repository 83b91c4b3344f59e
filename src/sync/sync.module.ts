import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { WaitingHiresReleaser } from '../connections/waiting-hires-releaser';
import { AlertsModule } from '../alerts/alerts.module';
import { EmployeesModule } from '../employees/employees.module';
import { FlatchrApiModule } from '../flatchr/catch-up/flatchr-api.module';
import { HrisModule } from '../hris/hris.module';
import { HireSyncProcessor } from './hire-sync.processor';
import { HireSyncService } from './hire-sync.service';
import { HireSyncWorker } from './hire-sync.worker';
import { QueueModule } from './queue.module';
import { SyncJobsModule } from './sync-jobs.module';
import { SyncReconciler } from './sync-reconciler';

/** The hire-sync queue: its connection and producer everywhere, its worker only where the role asks for one. */
@Module({})
export class SyncModule {
  static forRole(runsWorker: boolean): DynamicModule {
    const worker: Provider[] = runsWorker ? [HireSyncService, HireSyncProcessor, HireSyncWorker, SyncReconciler, WaitingHiresReleaser] : [];
    return {
      module: SyncModule,
      imports: [QueueModule, SyncJobsModule, HrisModule, EmployeesModule, ConnectionsModule, AlertsModule, FlatchrApiModule],
      providers: worker,
    };
  }
}
