import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { FlatchrId } from '../../flatchr/flatchr-id';
import { IsFlatchrId } from './is-flatchr-id.decorator';

/**
 * What every Flatchr delivery has: `{ data, event, company_id }`. Unknown fields are kept as
 * they are: Flatchr adds fields without notice.
 */
export class FlatchrDeliveryDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  event: string;

  @IsOptional()
  @IsFlatchrId()
  company_id?: FlatchrId;

  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}
