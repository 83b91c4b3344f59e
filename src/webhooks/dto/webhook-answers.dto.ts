import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELIVERY_STATUSES } from '../delivery.entity';

/** Shapes of the webhook's JSON answers, for the OpenAPI document. */

export class IngestResultDto {
  @ApiProperty({ format: 'uuid', description: 'The stored delivery' }) id: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, description: '`queued`: a hire, to be synced; `ignored`: not a hire; `duplicate`: a redelivery' })
  status: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'For `duplicate`: the delivery it repeats' }) duplicateOf?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'For `queued`: the sync job made for the hire' }) syncJobId?: string;
}

export class FieldProblemDto {
  @ApiProperty({ example: 'data.candidate.email' }) field: string;
  @ApiProperty({ type: [String] }) messages: string[];
}

export class WebhookErrorDto {
  @ApiProperty() statusCode: number;
  @ApiProperty() error: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'For 422: the delivery, stored as `rejected`' }) id?: string;
  @ApiPropertyOptional({ enum: ['rejected'] }) status?: string;
  @ApiPropertyOptional({ type: [FieldProblemDto] }) fields?: FieldProblemDto[];
}
