import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DELIVERY_STATUSES, DeliveryStatus } from '../../webhooks/delivery.entity';
import { PageQuery, emptyToUndefined } from './list-sync-jobs.query';

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(DELIVERY_STATUSES as unknown as string[])
  status?: DeliveryStatus;

  @ApiPropertyOptional({ example: 'drag_applicant' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  event?: string;

  @ApiPropertyOptional({ description: 'Flatchr candidate or applicant id' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
