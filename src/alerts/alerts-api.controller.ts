import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBasicAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActionGuard } from '../dashboard/action.guard';
import { BasicAuthGuard, principalOf } from '../dashboard/basic-auth.guard';
import { CSRF_HEADER } from '../dashboard/csrf';
import { AlertsService } from './alerts.service';
import type { ChannelResult } from './channels/alert-channel';
import { AlertTestResponse } from './dto/alert-test.response';

/** 200 when every configured channel took the test, 502 when one did not, 409 when none is configured. */
export function testAlertStatus(results: ChannelResult[]): number {
  if (results.length === 0) return 409;
  return results.every((r) => r.ok) ? 200 : 502;
}

@ApiTags('operators')
@ApiBasicAuth()
@Controller('api/alerts')
// Counted against the operators' per-IP limit (DASHBOARD_RATE_LIMIT_PER_MINUTE), before credentials are checked.
@UseGuards(ThrottlerGuard, BasicAuthGuard)
export class AlertsApiController {
  constructor(private readonly alerts: AlertsService) {}

  @Post('test')
  @HttpCode(200)
  @UseGuards(ActionGuard)
  @ApiOperation({
    summary: 'Send a test alert to every configured channel',
    description:
      'Answers `{results: [{channel, ok, detail}]}`: 200 when every channel took it, 502 when one failed, 409 when no channel is configured. ' +
      'Send a JSON body (e.g. `{}`) with `Content-Type: application/json`, or an `X-CSRF-Token` from a dashboard page. Read-only accounts get 403.',
  })
  @ApiHeader({ name: CSRF_HEADER, required: false })
  @ApiOkResponse({ type: AlertTestResponse, description: 'every configured channel took the test alert' })
  @ApiBadGatewayResponse({ type: AlertTestResponse, description: 'at least one channel refused it or did not answer' })
  @ApiConflictResponse({ type: AlertTestResponse, description: 'no alert channel is configured' })
  @ApiForbiddenResponse({ description: 'read-only account, or no CSRF proof' })
  async test(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AlertTestResponse> {
    const results = await this.alerts.sendTest(principalOf(req).user);
    reply.code(testAlertStatus(results));
    return { results };
  }
}
