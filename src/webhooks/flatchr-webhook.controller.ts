import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Logger,
  Post,
  Req,
  ServiceUnavailableException,
  UnprocessableEntityException,
  UseGuards,
} from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { DASHBOARD_THROTTLER } from '../common/rate-limits.module';
import type { FastifyRequest } from 'fastify';
import { HrisConnector } from '../hris/hris-connector';
import { correlationIdOf } from '../logging/correlation-id';
import { DeliveriesService, IngestResult } from './deliveries.service';
import { FlatchrDeliveryParser } from './flatchr-delivery.parser';
import { WebhookSignatureGuard } from './webhook-signature.guard';
import { WebhookSourceIpGuard } from './webhook-source-ip.guard';
import { WebhookTokenGuard } from './webhook-token.guard';

@Controller('webhooks')
@SkipThrottle({ [DASHBOARD_THROTTLER]: true })
export class FlatchrWebhookController {
  private readonly logger = new Logger(FlatchrWebhookController.name);

  constructor(
    private readonly parser: FlatchrDeliveryParser,
    private readonly deliveries: DeliveriesService,
    private readonly hris: HrisConnector,
  ) {}

  /**
   * Answers as soon as the delivery is committed: 202 `queued` for hires, `ignored` for every
   * other event (Flatchr must never retry those), `duplicate` for a redelivery.
   */
  @Post('flatchr')
  @HttpCode(202)
  // Rate limit, then source address (403), then secret (401), then signature when configured (401).
  @UseGuards(ThrottlerGuard, WebhookSourceIpGuard, WebhookTokenGuard, WebhookSignatureGuard)
  async receive(@Body() body: unknown, @Req() req: FastifyRequest): Promise<IngestResult> {
    const parsed = this.parser.parse(body);
    if (parsed.kind === 'malformed') {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'invalid delivery', fields: parsed.problems });
    }
    if (parsed.kind === 'invalid-hire') {
      const id = await this.storeOr503(() => this.deliveries.recordRejected(parsed.summary, parsed.problems));
      throw new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'this hire lacks what a hire needs',
        id,
        status: 'rejected',
        fields: parsed.problems,
      });
    }
    return this.storeOr503(() => this.deliveries.ingest(parsed.summary, parsed.kind === 'hire', this.hris.system, correlationIdOf(req)));
  }

  /** Storage down: 503 tells Flatchr to try again later rather than losing the delivery. */
  private async storeOr503<T>(store: () => Promise<T>): Promise<T> {
    try {
      return await store();
    } catch (err) {
      if (isUnstorableInput(err)) {
        throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'body contains text that cannot be stored' });
      }
      this.logger.error(`Delivery could not be stored: ${(err as Error).message}`, (err as Error).stack);
      throw new ServiceUnavailableException('delivery could not be stored, retry later', { cause: err });
    }
  }
}

/** Postgres refuses some text (invalid Unicode escapes in keys): the sender's fault, not an outage. */
function isUnstorableInput(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '22P05' || code === '22P02' || code === '22021' || code === '54000';
}
