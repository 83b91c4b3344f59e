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
import { AppConfigService } from '../config/app-config.service';
import { ConnectionsRepository } from '../connections/connections.repository';
import { isFinished, UNASSIGNED_HRIS } from '../sync/sync-job-status';
import { ActionGuard } from './action.guard';
import { ThrottlerGuard } from '@nestjs/throttler';
import { BasicAuthGuard, principalOf } from './basic-auth.guard';
import { PageContexts } from './page-contexts';
import {
  deliveriesPage,
  jobLiveFragment,
  jobPage,
  jobsPage,
  jobsTable,
  overviewFragment,
  LiveConnection,
  PageContext,
  RetryContext,
  timelineOf,
} from './dashboard-views';
import { Locale } from './i18n/locale';
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
    private readonly pages: PageContexts,
    private readonly config: AppConfigService,
    private readonly connections: ConnectionsRepository,
  ) {}

  private locale(req: FastifyRequest, reply: FastifyReply): Locale {
    return this.pages.locale(req, reply);
  }

  private context(req: FastifyRequest, reply: FastifyReply, notice?: string): PageContext {
    return this.pages.of(req, reply, notice);
  }

  /** The live part of a job page, with the retry schedule when the job waits for one. */
  private async live(job: NonNullable<Awaited<ReturnType<SyncJobsQueryService['detail']>>>, L: Locale) {
    const schedule = await this.queries.retrySchedule(job, job.attempts[job.attempts.length - 1]);
    const retry: RetryContext = { schedule, maxAttempts: this.config.sync.maxAttempts };
    const live = {
      ...job,
      connection: await this.connectionOf(job.connectionId, job.hrisSystem),
      pushSteps: job.connectionId ? (job.pushSteps?.[job.connectionId] as Record<string, { at: string }> | undefined) : null,
    };
    return jobLiveFragment(L, live, job.attempts, timelineOf(L, job.delivery?.receivedAt ?? null, job.events), retry);
  }

  /** The job's connection by name; a deleted one keeps its id. */
  private async connectionOf(id: string | null, hrisSystem: string): Promise<LiveConnection | null> {
    if (!id) return null;
    const provider = hrisSystem === UNASSIGNED_HRIS ? null : hrisSystem;
    if (!/^[0-9a-f-]{36}$/i.test(id)) return { id, name: null, provider };
    const row = await this.connections.find(id);
    return { id, name: row?.name ?? null, provider: row?.provider ?? provider };
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
    return jobsPage(this.context(req, reply, notice), query, list, overview);
  }

  @Get('fragments/overview')
  async overviewFragment(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    setDashboardHeaders(reply);
    return overviewFragment(this.locale(req, reply), await this.overviews.overview()).value;
  }

  @Get('fragments/jobs')
  async jobsFragment(
    @Query() query: ListSyncJobsQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const list = await this.queries.list({ ...query, cursor: undefined });
    setDashboardHeaders(reply);
    return jobsTable(this.locale(req, reply), list.items).value;
  }

  @Get('fragments/jobs/:id')
  async jobFragment(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const job = await this.queries.detail(id);
    if (!job) throw new NotFoundException(`sync job ${id} not found`);
    setDashboardHeaders(reply);
    // A finished job no longer changes on its own: the script stops polling.
    if (isFinished(job.status)) reply.header('X-Refresh-Stop', '1');
    return (await this.live(job, this.locale(req, reply))).value;
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
    const ctx = this.context(req, reply, notice);
    return jobPage(ctx, job, await this.live(job, ctx.locale), this.config.sync.maxAttempts);
  }

  @Get('deliveries')
  async deliveriesList(
    @Query() query: ListDeliveriesQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const [list, events] = await Promise.all([this.deliveries.list(query), this.deliveries.events()]);
    const companyColumns = await this.deliveries.hiredColumnsOf(list.items);
    setDashboardHeaders(reply);
    return deliveriesPage(this.context(req, reply), query, list, events, this.config.hiredColumns, companyColumns);
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
