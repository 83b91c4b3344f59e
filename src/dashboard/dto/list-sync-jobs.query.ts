import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SYNC_JOB_STATUSES, SyncJobStatus } from '../../sync/sync-job-status';

/** HTML forms send empty fields as ''; they mean "no filter". */
export const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value;

export const MAX_PAGE = 1_000_000;

export class PageQuery {
  // Bounded so that page x pageSize stays a number Postgres takes as an OFFSET (`?page=1e20` is a 400).
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize = 50;
}

export class ListSyncJobsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SYNC_JOB_STATUSES })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(SYNC_JOB_STATUSES as unknown as string[])
  status?: SyncJobStatus;

  @ApiPropertyOptional({ description: 'candidate name, email, Flatchr candidate or applicant id, or SIRH id' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'received on or after (ISO date or date-time)', example: '2026-01-31' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'received before (ISO date-time), or on that day (ISO date)', example: '2026-02-28' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsISO8601()
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (takes precedence over page)' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/)
  cursor?: string;
}

/** The filters of the list, without paging: what a bulk retry applies to. */
export class SyncJobFilterQuery extends PickType(ListSyncJobsQuery, ['status', 'q', 'from', 'to'] as const) {}
