import {
  Body,
  ConflictException,
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Redirect,
  Req,
  Res,
  ServiceUnavailableException,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isFinished } from '../sync/sync-job-status';
import { ActionGuard } from './action.guard';
import { ThrottlerGuard } from '@nestjs/throttler';
import { BasicAuthGuard, principalOf } from './basic-auth.guard';
import { CsrfService } from './csrf';
import {
  deliveriesPage,
  jobLiveFragment,
  jobPage,
  jobsPage,
  jobsTable,
  overviewFragment,
  PageContext,
  timelineOf,
} from './dashboard-views';
import { DeliveriesQueryService } from './deliveries-query.service';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { ListSyncJobsQuery, SyncJobFilterQuery } from './dto/list-sync-jobs.query';
import { queryString } from './html';
import { OverviewService } from './overview.service';
import { setDashboardHeaders } from './security-headers';
import { SyncJobActionsService } from './sync-job-actions.service';
import { SyncJobsQueryService } from './sync-jobs-query.service';

/** Server-rendered dashboard pages, the fragments their script refreshes, and the form actions. */
@ApiExcludeController()
@Controller('dashboard')
// Counted against the operators' per-IP limit (DASHBOARD_RATE_LIMIT_PER_MINUTE), before credentials are checked.
@UseGuards(ThrottlerGuard, BasicAuthGuard)
@UsePipes(new ValidationPipe({ transform: true, whitelist: true }))
export class DashboardPagesController {
  constructor(
    private readonly queries: SyncJobsQueryService,
    private readonly actions: SyncJobActionsService,
    private readonly deliveries: DeliveriesQueryService,
    private readonly overviews: OverviewService,
    private readonly csrf: CsrfService,
  ) {}

  private context(req: FastifyRequest, notice?: string): PageContext {
    const principal = principalOf(req);
    return { principal, csrfToken: this.csrf.issue(principal.user), notice: notice ?? null };
  }

  @Get()
  async jobs(
    @Query() query: ListSyncJobsQuery,
    @Query('notice') notice: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    // The page uses page numbers (it shows "page x of y"); the cursor is for API clients.
    const [list, overview] = await Promise.all([this.queries.list({ ...query, cursor: undefined }), this.overviews.overview()]);
    setDashboardHeaders(reply);
    return jobsPage(this.context(req, notice), query, list, overview);
  }

  @Get('fragments/overview')
  async overviewFragment(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    setDashboardHeaders(reply);
    return overviewFragment(await this.overviews.overview()).value;
  }

  @Get('fragments/jobs')
  async jobsFragment(@Query() query: ListSyncJobsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const list = await this.queries.list({ ...query, cursor: undefined });
    setDashboardHeaders(reply);
    return jobsTable(list.items).value;
  }

  @Get('fragments/jobs/:id')
  async jobFragment(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const job = await this.queries.detail(id);
    if (!job) throw new NotFoundException(`sync job ${id} not found`);
    setDashboardHeaders(reply);
    // A finished job no longer changes on its own: the script stops polling.
    if (isFinished(job.status)) reply.header('X-Refresh-Stop', '1');
    return jobLiveFragment(job, job.attempts, timelineOf(job.delivery?.receivedAt ?? null, job.events)).value;
  }

  @Get('jobs/:id')
  async job(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('notice') notice: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const job = await this.queries.detail(id);
    if (!job) throw new NotFoundException(`sync job ${id} not found`);
    setDashboardHeaders(reply);
    const live = jobLiveFragment(job, job.attempts, timelineOf(job.delivery?.receivedAt ?? null, job.events));
    return jobPage(this.context(req, notice), job, live);
  }

  @Get('deliveries')
  async deliveriesList(
    @Query() query: ListDeliveriesQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const [list, events] = await Promise.all([this.deliveries.list(query), this.deliveries.events()]);
    setDashboardHeaders(reply);
    return deliveriesPage(this.context(req), query, list, events);
  }

  @Post('jobs/retry')
  @UseGuards(ActionGuard)
  @Redirect()
  async retryMatching(@Body() filter: SyncJobFilterQuery, @Req() req: FastifyRequest) {
    let notice = 'bulk-retried';
    try {
      await this.actions.retryMatching(filter, principalOf(req).user);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      notice = 'queue-down';
    }
    const { status, q, from, to } = filter;
    return { url: `/dashboard${queryString({ status, q, from, to, notice })}`, statusCode: 303 };
  }

  @Post('jobs/:id/retry')
  @UseGuards(ActionGuard)
  @Redirect()
  retry(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest) {
    return this.act(id, () => this.actions.retry(id, principalOf(req).user), 'retried');
  }

  @Post('jobs/:id/replay')
  @UseGuards(ActionGuard)
  @Redirect()
  replay(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest) {
    return this.act(id, () => this.actions.replay(id, principalOf(req).user), 'replayed');
  }

  /** Post/redirect/get: the browser lands on the job page, where reload does not repeat the action. */
  private async act(id: string, action: () => Promise<{ enqueued: boolean }>, done: string) {
    let notice = done;
    try {
      const result = await action();
      if (!result.enqueued) notice = 'not-enqueued';
    } catch (err) {
      if (err instanceof ServiceUnavailableException) notice = 'queue-down';
      else if (err instanceof ConflictException) notice = 'not-retryable';
      else throw err;
    }
    return { url: `/dashboard/jobs/${id}${queryString({ notice })}`, statusCode: 303 };
  }
}
