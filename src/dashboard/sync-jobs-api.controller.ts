import {
  applyDecorators,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBasicAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { EmployeesRepository } from '../employees/employees.repository';
import { ActionGuard } from './action.guard';
import { ThrottlerGuard } from '@nestjs/throttler';
import { BasicAuthGuard, principalOf } from './basic-auth.guard';
import { CSRF_HEADER } from './csrf';
import { DeliveriesQueryService } from './deliveries-query.service';
import {
  ActionResultDto,
  BulkRetryResultDto,
  DeliveryListDto,
  EmployeeListDto,
  ErrorDto,
  OverviewDto,
  SyncJobDetailDto,
  SyncJobListDto,
} from './dto/api-responses';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { ListSyncJobsQuery, PageQuery, SyncJobFilterQuery } from './dto/list-sync-jobs.query';
import { OverviewService } from './overview.service';
import { SyncJobActionsService } from './sync-job-actions.service';
import { SyncJobsQueryService } from './sync-jobs-query.service';

const ACTION_DOC =
  'Send a JSON body (e.g. `{}`) with `Content-Type: application/json`, or an `X-CSRF-Token` from a dashboard page. Read-only accounts get 403.';

/** An operator action: 202, read-only accounts refused, CSRF-protected, documented alike. */
function OperatorAction(summary: string, result: new () => unknown) {
  return applyDecorators(
    HttpCode(202),
    UseGuards(ActionGuard),
    ApiOperation({ summary, description: ACTION_DOC }),
    ApiHeader({ name: CSRF_HEADER, required: false }),
    ApiAcceptedResponse({ type: result }),
    ApiForbiddenResponse({ description: 'read-only account, or no CSRF proof', type: ErrorDto }),
    ApiServiceUnavailableResponse({ description: 'the queue (Redis) is unavailable', type: ErrorDto }),
  );
}

/** JSON for the dashboard: what came in, what was sent, what the HRIS answered; and the operator actions. */
@ApiTags('operators')
@ApiBasicAuth()
@ApiUnauthorizedResponse({ description: 'no or wrong credentials' })
@ApiBadRequestResponse({ description: 'a query parameter or the id is not valid', type: ErrorDto })
@Controller('api')
// Counted against the operators' per-IP limit (DASHBOARD_RATE_LIMIT_PER_MINUTE), before credentials are checked.
@UseGuards(ThrottlerGuard, BasicAuthGuard)
@UsePipes(new ValidationPipe({ transform: true, whitelist: true }))
export class SyncJobsApiController {
  constructor(
    private readonly queries: SyncJobsQueryService,
    private readonly actions: SyncJobActionsService,
    private readonly deliveries: DeliveriesQueryService,
    private readonly overviews: OverviewService,
    private readonly employees: EmployeesRepository,
  ) {}

  @Get('sync-jobs')
  @ApiOperation({
    summary: 'Sync jobs, newest first',
    description:
      '`q` matches candidate name or email (substring), Flatchr candidate/applicant id, SIRH id or externalId (exact). Page with `page` or with `cursor` = the previous `nextCursor`.',
  })
  @ApiOkResponse({ type: SyncJobListDto })
  list(@Query() query: ListSyncJobsQuery) {
    return this.queries.list(query);
  }

  @Post('sync-jobs/retry')
  @OperatorAction('Retry every failed job matching the filters (at most 500 per call)', BulkRetryResultDto)
  retryMatching(@Query() filter: SyncJobFilterQuery, @Req() req: FastifyRequest) {
    return this.actions.retryMatching(filter, principalOf(req).user);
  }

  @Get('sync-jobs/:id')
  @ApiOperation({ summary: 'One job: delivery as received, mapped record, attempts, SIRH id, last error, timeline' })
  @ApiOkResponse({ type: SyncJobDetailDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const job = await this.queries.detail(id);
    if (!job) throw new NotFoundException(`sync job ${id} not found`);
    return job;
  }

  @Post('sync-jobs/:id/retry')
  @OperatorAction('Retry one failed job (409 when it is not failed)', ActionResultDto)
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ description: 'the job is not failed, or its delivery was purged', type: ErrorDto })
  retry(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest) {
    return this.actions.retry(id, principalOf(req).user);
  }

  @Post('sync-jobs/:id/replay')
  @OperatorAction('Re-run a finished job from its stored delivery (409 while it is still in progress)', ActionResultDto)
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ description: 'the job is still in progress, or its delivery was purged', type: ErrorDto })
  replay(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest) {
    return this.actions.replay(id, principalOf(req).user);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'Every webhook delivery (queued, ignored, duplicate, rejected), newest first' })
  @ApiOkResponse({ type: DeliveryListDto })
  listDeliveries(@Query() query: ListDeliveriesQuery) {
    return this.deliveries.list(query);
  }

  @Get('overview')
  @ApiOperation({ summary: 'Counts by status, hires synced, failure rate, webhook-to-SIRH latency, queue depth and workers' })
  @ApiOkResponse({ type: OverviewDto })
  overview() {
    return this.overviews.overview();
  }

  @Get('employees')
  @ApiOperation({ summary: 'Employees and their SIRH ids' })
  @ApiOkResponse({ type: EmployeeListDto })
  async listEmployees(@Query() query: PageQuery) {
    const { items, total } = await this.employees.list(query.page, query.pageSize);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
