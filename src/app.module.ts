import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertRulesModule } from './alerts/alert-rules.module';
import { AlertsModule } from './alerts/alerts.module';
import { RateLimitsModule } from './common/rate-limits.module';
import { AppConfigService } from './config/app-config.service';
import { ConfigModule } from './config/config.module';
import { EnvSource, loadAppEnv } from './config/load-config';
import { ConnectionsModule } from './connections/connections.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { buildDataSourceOptions } from './database/data-source-options';
import { EmployeesModule } from './employees/employees.module';
import { FlatchrCatchUpModule } from './flatchr/catch-up/flatchr-catch-up.module';
import { HealthModule } from './health/health.module';
import { HrisModule } from './hris/hris.module';
import { LoggingModule } from './logging/logging.module';
import { RetentionModule } from './retention/retention.module';
import { SyncModule } from './sync/sync.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  /** The HTTP modules load only in the `api` and `all` roles, the queue worker only in `worker` and `all`. */
  static forRoot(env: EnvSource): DynamicModule {
    const config = new AppConfigService(loadAppEnv(env));
    const dashboard = config.dashboardEnabled ? [DashboardModule] : [];
    const http = config.runsApi ? [RateLimitsModule, WebhooksModule, ...dashboard, HealthModule] : [];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env),
        LoggingModule,
        TypeOrmModule.forRootAsync({
          inject: [AppConfigService],
          useFactory: (c: AppConfigService) => buildDataSourceOptions(c.databaseUrl),
        }),
        SyncModule.forRole(config.runsWorker),
        EmployeesModule,
        HrisModule,
        ConnectionsModule,
        AlertsModule,
        ...(config.runsWorker ? [RetentionModule, AlertRulesModule] : []),
        FlatchrCatchUpModule.forRole(config.runsWorker, config.runsApi && config.dashboardEnabled),
        ...http,
      ],
    };
  }
}
