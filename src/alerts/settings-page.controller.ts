import { Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfigService } from '../config/app-config.service';
import { ActionGuard } from '../dashboard/action.guard';
import { BasicAuthGuard, principalOf } from '../dashboard/basic-auth.guard';
import { PageContexts } from '../dashboard/page-contexts';
import { setDashboardHeaders } from '../dashboard/security-headers';
import { AlertsService } from './alerts.service';
import { AlertsSentRepository } from './alerts-sent.repository';
import type { ChannelResult } from './channels/alert-channel';
import { describeChannels } from './channels/alert-channels';
import { settingsPage } from './settings-view';

const RECENT_ALERTS = 20;

/** The dashboard's Settings page: alert channels (secrets masked), rules, and the test button. */
@ApiExcludeController()
@Controller('dashboard/settings')
@UseGuards(ThrottlerGuard, BasicAuthGuard)
export class SettingsPageController {
  constructor(
    private readonly config: AppConfigService,
    private readonly alerts: AlertsService,
    private readonly sent: AlertsSentRepository,
    private readonly pages: PageContexts,
  ) {}

  @Get()
  async page(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    setDashboardHeaders(reply);
    return this.render(req, reply, null);
  }

  /** Answers with the page and each channel's result (a test alert is harmless to send again on reload). */
  @Post('test-alert')
  @HttpCode(200)
  @UseGuards(ActionGuard)
  async testAlert(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const results = await this.alerts.sendTest(principalOf(req).user);
    setDashboardHeaders(reply);
    return this.render(req, reply, results);
  }

  private async render(req: FastifyRequest, reply: FastifyReply, testResults: ChannelResult[] | null): Promise<string> {
    const alerts = this.config.alerts;
    return settingsPage(this.pages.of(req, reply), {
      channels: describeChannels(alerts),
      rules: { waitingMinutes: alerts.waitingMinutes, backlogMinutes: alerts.backlogMinutes, silenceDays: alerts.silenceDays },
      publicUrl: this.config.publicUrl,
      recent: await this.sent.recent(RECENT_ALERTS),
      testResults,
    });
  }
}
