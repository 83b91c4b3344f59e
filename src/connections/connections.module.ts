import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertsModule } from '../alerts/alerts.module';
import { AppConfigService } from '../config/app-config.service';
import { HrisModule } from '../hris/hris.module';
import { SyncJobsModule } from '../sync/sync-jobs.module';
import { CompanySettings } from './company-settings';
import { Connection } from './connection.entity';
import { ConnectionHealthService } from './connection-health.service';
import { ConnectionResolver } from './connection-resolver';
import { ConnectionsFileSeeder } from './connections-file.seeder';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { CredentialsCipher } from './credentials-cipher';
import { CredentialsKeyCheck } from './credentials-key-check';

/** Which HRIS account serves which Flatchr company: the table, its secrets, and the worker's view of it. */
@Module({
  imports: [TypeOrmModule.forFeature([Connection]), HrisModule, SyncJobsModule, AlertsModule],
  providers: [
    {
      provide: CredentialsCipher,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => new CredentialsCipher(config.credentialsKeys),
    },
    ConnectionsRepository,
    ConnectionResolver,
    ConnectionHealthService,
    ConnectionsService,
    CredentialsKeyCheck,
    ConnectionsFileSeeder,
    CompanySettings,
  ],
  exports: [CompanySettings, ConnectionsRepository, ConnectionResolver, ConnectionHealthService, ConnectionsService, CredentialsCipher],
})
export class ConnectionsModule {}
