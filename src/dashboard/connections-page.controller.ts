import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConnectionsRepository } from '../connections/connections.repository';
import { ConnectionsService, OPTIONAL_CREDENTIALS } from '../connections/connections.service';
import { CredentialsCipher } from '../connections/credentials-cipher';
import { FlatchrBackfillService } from '../flatchr/catch-up/flatchr-backfill.service';
import type { HrisFieldError } from '../hris/hris-failure';
import { hrisDefinition } from '../hris/hris-registry';
import type { HrisProvider } from '../hris/hris-provider';
import { ActionGuard } from './action.guard';
import { BasicAuthGuard, principalOf } from './basic-auth.guard';
import { bodyOfForm, emptyForm, formOf, FormValues, refusalOf, secretsOfForm, valuesOfForm } from './connection-form';
import { connectionFormPage, connectionsPage, TestResult } from './connections-views';
import type { PageContext } from './dashboard-views';
import { anyBackfillUnderWay, backfillsFragment, flatchrLinkSection } from './flatchr-link-views';
import type { SafeHtml } from './html';
import { queryString } from './html';
import { PageContexts } from './page-contexts';
import { setDashboardHeaders } from './security-headers';

const LIST = '/dashboard/connections';

/** A Flatchr company id as the add link carries it; anything else is not prefilled. */
const COMPANY_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The dashboard's Connections pages: the list (with the Test button and the companies whose hires
 * wait), and the add/edit form. Changes go through ConnectionsService, as the API's do; a refused
 * form comes back with its messages and without the secrets that were typed in.
 */
@ApiExcludeController()
@Controller('dashboard/connections')
@UseGuards(ThrottlerGuard, BasicAuthGuard)
export class ConnectionsPageController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly repo: ConnectionsRepository,
    private readonly cipher: CredentialsCipher,
    private readonly pages: PageContexts,
    private readonly backfills: FlatchrBackfillService,
  ) {}

  @Get()
  async list(
    @Query('notice') notice: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    setDashboardHeaders(reply);
    return this.renderList(this.pages.of(req, reply, notice), null);
  }

  @Get('new')
  newForm(
    @Query('companyId') companyId: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    setDashboardHeaders(reply);
    const prefill = typeof companyId === 'string' && COMPANY_ID.test(companyId) ? companyId : undefined;
    return connectionFormPage(this.pages.of(req, reply), { existing: null, values: emptyForm(prefill), errors: [] });
  }

  @Get(':id')
  async editForm(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const existing = await this.connections.get(id);
    setDashboardHeaders(reply);
    const ctx = this.pages.of(req, reply);
    const flatchr = await this.flatchrSection(ctx, existing);
    return connectionFormPage(ctx, { existing, values: formOf(existing), errors: [], flatchr });
  }

  /** The backfills' rows, refreshed in place by the page's script while one is under way. */
  @Get(':id/backfills')
  async backfillsFragment(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const backfills = await this.backfills.recent(id);
    setDashboardHeaders(reply);
    // Finished backfills no longer change: the script stops polling.
    if (!anyBackfillUnderWay(backfills)) reply.header('X-Refresh-Stop', '1');
    return backfillsFragment(this.pages.locale(req, reply), id, backfills).value;
  }

  /**
   * Asks for a backfill through the API's service, then back to the connection's page where its
   * progress shows; a refused request comes back on that page with the reason.
   */
  @Post(':id/backfill')
  @UseGuards(ActionGuard)
  async backfill(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const since = formBody(req).since;
    try {
      await this.backfills.request(id, since, principalOf(req).user);
    } catch (err) {
      if (!(err instanceof BadRequestException)) throw err;
      const existing = await this.connections.get(id);
      const ctx = { ...this.pages.of(req, reply), url: `${LIST}/${id}` };
      const flatchr = await this.flatchrSection(ctx, existing, {
        refusal: refusalReason(err),
        since: typeof since === 'string' ? since : '',
      });
      setDashboardHeaders(reply);
      reply.status(400);
      return connectionFormPage(ctx, { existing, values: formOf(existing), errors: [], flatchr });
    }
    return seeOther(reply, `${LIST}/${id}#flatchr-link`);
  }

  @Post()
  @UseGuards(ActionGuard)
  async create(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const form = formBody(req);
    const values = valuesOfForm(form);
    const ctx = { ...this.pages.of(req, reply), url: `${LIST}/new` };
    const parsed = await bodyOfForm(values, secretsOfForm(form, values.provider), 'create', ctx.locale.t);
    if ('errors' in parsed) return this.refused(reply, ctx, null, values, 400, parsed.errors);
    try {
      await this.connections.create(parsed.body, principalOf(req).user);
    } catch (err) {
      const refusal = refusalOf(err, ctx.locale.t);
      return this.refused(reply, ctx, null, values, refusal.status, refusal.errors);
    }
    return seeOther(reply, `${LIST}${queryString({ notice: 'connection-created' })}`);
  }

  @Post(':id')
  @UseGuards(ActionGuard)
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const row = await this.repo.find(id);
    if (!row) throw new NotFoundException(`connection ${id} not found`);
    const existing = await this.connections.get(id);
    const form = formBody(req);
    const values = valuesOfForm(form);
    const ctx = { ...this.pages.of(req, reply), url: `${LIST}/${id}` };
    const typed = secretsOfForm(form, values.provider);
    let credentials: Record<string, string> | undefined;
    if (Object.keys(typed).length > 0) {
      // A secret left empty keeps its stored value (same provider only): one can change a token and keep the rest.
      const kept =
        row.provider === values.provider && row.credentialsCiphertext ? this.storedFor(row.credentialsCiphertext, values.provider) : {};
      credentials = { ...kept, ...typed };
    }
    const parsed = await bodyOfForm(values, credentials, 'update', ctx.locale.t);
    if ('errors' in parsed) return this.refused(reply, ctx, existing, values, 400, parsed.errors);
    try {
      await this.connections.update(id, parsed.body, principalOf(req).user);
    } catch (err) {
      const refusal = refusalOf(err, ctx.locale.t);
      return this.refused(reply, ctx, existing, values, refusal.status, refusal.errors);
    }
    return seeOther(reply, `${LIST}${queryString({ notice: 'connection-updated' })}`);
  }

  @Post(':id/delete')
  @UseGuards(ActionGuard)
  async remove(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    await this.connections.remove(id, principalOf(req).user);
    return seeOther(reply, `${LIST}${queryString({ notice: 'connection-deleted' })}`);
  }

  /** Answers with the list and the result: a test is a read on the vendor, harmless to repeat on reload. */
  @Post(':id/test')
  @HttpCode(200)
  @UseGuards(ActionGuard)
  async test(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { name } = await this.connections.get(id);
    const result = await this.connections.test(id);
    setDashboardHeaders(reply);
    return this.renderList({ ...this.pages.of(req, reply), url: LIST }, { name, ...result });
  }

  private async renderList(ctx: PageContext, testResult: TestResult | null): Promise<string> {
    const [list, waiting] = await Promise.all([this.connections.list(), this.connections.waitingCompanies()]);
    return connectionsPage(ctx, list, waiting, testResult);
  }

  private async flatchrSection(
    ctx: PageContext,
    existing: Awaited<ReturnType<ConnectionsService['get']>>,
    extra: { refusal?: string; since?: string } = {},
  ): Promise<SafeHtml | undefined> {
    if (!existing.flatchr) return undefined;
    const backfills = await this.backfills.recent(existing.id);
    return flatchrLinkSection(ctx, { connectionId: existing.id, flatchr: existing.flatchr, backfills, ...extra });
  }

  /** The stored secrets the provider still uses, to complete a partial replacement. */
  private storedFor(ciphertext: string, provider: string): Record<string, string> {
    const fields = [...(hrisDefinition(provider as HrisProvider)?.credentialFields ?? []), ...OPTIONAL_CREDENTIALS];
    const stored = this.cipher.decrypt(ciphertext);
    return Object.fromEntries(Object.entries(stored).filter(([k]) => fields.includes(k)));
  }

  private refused(
    reply: FastifyReply,
    ctx: PageContext,
    existing: Awaited<ReturnType<ConnectionsService['get']>> | null,
    values: FormValues,
    status: 400 | 409,
    errors: HrisFieldError[],
  ): string {
    setDashboardHeaders(reply);
    reply.status(status);
    return connectionFormPage(ctx, { existing, values, errors });
  }
}

/** The field messages of the service's 400 (`since: must be ...`), as one line. */
function refusalReason(err: BadRequestException): string {
  const body = err.getResponse() as { message?: unknown };
  return Array.isArray(body.message) ? body.message.join('; ') : err.message;
}

function formBody(req: FastifyRequest): Record<string, unknown> {
  return req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
}

/** Post/redirect/get: reloading the list does not post the form again. */
function seeOther(reply: FastifyReply, url: string): string {
  reply.status(303).header('Location', url);
  return '';
}
