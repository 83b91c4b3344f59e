import { Injectable } from '@nestjs/common';
import { DeliveriesRepository } from '../webhooks/deliveries.repository';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';

export type { DeliveryRow } from '../webhooks/deliveries.repository';

/** Every webhook delivery, including the ignored, duplicate and rejected ones, newest first. */
@Injectable()
export class DeliveriesQueryService {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  async list(query: ListDeliveriesQuery) {
    const { status, event, q } = query;
    const { items, total } = await this.deliveries.list({ status, event, q }, query.pageSize, (query.page - 1) * query.pageSize);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  events(): Promise<string[]> {
    return this.deliveries.eventNames();
  }
}
