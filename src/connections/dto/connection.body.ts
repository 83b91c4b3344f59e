import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { HRIS_PROVIDERS, HrisProvider } from '../../hris/hris-provider';

/** Flatchr sends company_id as a number or a string: both are kept as text, trimmed. */
const toIdList = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v)) : value;

const URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

export class CreateConnectionBody {
  @ApiProperty({ example: 'Acme – Lucca' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: HRIS_PROVIDERS })
  @IsIn(HRIS_PROVIDERS, { message: `provider must be one of ${HRIS_PROVIDERS.join(', ')}` })
  provider: HrisProvider;

  @ApiProperty({ type: [String], description: 'Flatchr company_id values (as in the webhook envelope) this connection serves' })
  @Transform(toIdList)
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, {
    each: true,
    message: 'each companyIds entry must be a Flatchr company id (letters, digits, - or _)',
  })
  companyIds: string[];

  @ApiPropertyOptional({
    description: "Replaces scheme, host and port of the vendor's documented host; required for generic-sirh and lucca",
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'baseUrl must be an http(s) URL' })
  @MaxLength(2000)
  baseUrl?: string | null;

  @ApiProperty({
    description:
      'By provider: generic-sirh/lucca/payfit/factorial/bamboohr {apiKey}; personio {clientId, clientSecret}; hibob {serviceUserId, token}. Never returned.',
  })
  @IsObject()
  credentials: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Provider settings, plus hiredColumns, contractTypes, startDateRule' })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ description: "Request budget per minute, shared by every worker; defaults below the vendor's limit" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  requestsPerMinute?: number | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Every field optional (validated the same when given); credentials are replaced only when given. */
export class UpdateConnectionBody extends PartialType(CreateConnectionBody) {}
