import { Module } from '@nestjs/common';
import { HrisModule } from '../hris/hris.module';
import { DeliveriesService } from './deliveries.service';
import { FlatchrDeliveryParser } from './flatchr-delivery.parser';
import { FlatchrWebhookController } from './flatchr-webhook.controller';
import { WebhookTokenGuard } from './webhook-token.guard';

@Module({
  imports: [HrisModule],
  controllers: [FlatchrWebhookController],
  providers: [DeliveriesService, FlatchrDeliveryParser, WebhookTokenGuard],
})
export class WebhooksModule {}
