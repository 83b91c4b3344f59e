import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { SyncJobsModule } from '../sync/sync-jobs.module';
import { DeliveriesModule } from './deliveries.module';
import { DeliveriesService } from './deliveries.service';
import { FlatchrDeliveryParser } from './flatchr-delivery.parser';
import { FlatchrWebhookController } from './flatchr-webhook.controller';
import { WebhookRateLimitGuard } from './webhook-rate-limit.guard';
import { WebhookSignatureGuard } from './webhook-signature.guard';
import { WebhookSourceIpGuard } from './webhook-source-ip.guard';

@Module({
  imports: [SyncJobsModule, DeliveriesModule, ConnectionsModule],
  controllers: [FlatchrWebhookController],
  providers: [DeliveriesService, FlatchrDeliveryParser, WebhookRateLimitGuard, WebhookSourceIpGuard, WebhookSignatureGuard],
})
export class WebhooksModule {}
