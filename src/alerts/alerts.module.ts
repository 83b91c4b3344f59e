import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SyncJobsModule } from '../sync/sync-jobs.module';
import { AlertSent } from './alert-sent.entity';
import { AlertsService } from './alerts.service';
import { AlertsSentRepository } from './alerts-sent.repository';

/** Raising and sending alerts, in every role: the worker raises "hire failed", the API sends test alerts. */
@Module({
  imports: [TypeOrmModule.forFeature([AlertSent]), SyncJobsModule],
  providers: [AlertsService, AlertsSentRepository],
  exports: [AlertsService, AlertsSentRepository],
})
export class AlertsModule {}
