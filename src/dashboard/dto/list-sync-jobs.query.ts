import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { SYNC_JOB_STATUSES, SyncJobStatus } from '../../sync/sync-job.entity';

export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize = 50;
}

export class ListSyncJobsQuery extends PageQuery {
  @IsOptional()
  @IsIn(SYNC_JOB_STATUSES as unknown as string[])
  status?: SyncJobStatus;
}
