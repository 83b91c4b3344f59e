import { Module } from '@nestjs/common';
import { DeliveriesRepository } from './deliveries.repository';

/** The `deliveries` table's owner, for the webhook, the dashboard and retention. */
@Module({ providers: [DeliveriesRepository], exports: [DeliveriesRepository] })
export class DeliveriesModule {}
