import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Logger,
  Post,
  RawBodyRequest,
  Req,
  ServiceUnavailableException,
  UnprocessableEntityException,
  UseGuards,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { correlationIdOf } from '../logging/correlation-id';
import { DeliveriesService, IngestResult } from './deliveries.service';
import { isUnstorableInput } from './delivery-batch-writer';
import { FlatchrDeliveryParser } from './flatchr-delivery.parser';
import { IngestResultDto, WebhookErrorDto } from './dto/webhook-answers.dto';
import { WebhookRateLimitGuard } from './webhook-rate-limit.guard';
import { WebhookSignatureGuard } from './webhook-signature.guard';
import { WebhookSourceIpGuard } from './webhook-source-ip.guard';

@Controller('webhooks')
export class FlatchrWebhookController {
  private readonly logger = new Logger(FlatchrWebhookController.name);

  constructor(
    private readonly parser: FlatchrDeliveryParser,
    private readonly deliveries: DeliveriesService,
  ) {}

  /**
   * Answers as soon as the delivery is committed: 202 `queued` for hires, `ignored` for every
   * other event (Flatchr must never retry those), `duplicate` for a redelivery.
   */
  @Post('flatchr')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: IngestResultDto })
  @ApiBadRequestResponse({ description: 'not a Flatchr delivery', type: WebhookErrorDto })
  @ApiUnauthorizedResponse({ description: 'wrong token, or signature (when WEBHOOK_SIGNING_SECRET is set)' })
  @ApiForbiddenResponse({ description: 'source address not in WEBHOOK_ALLOWED_IPS' })
  @ApiUnprocessableEntityResponse({ description: 'a hire that lacks what a hire needs (stored as rejected)', type: WebhookErrorDto })
  @ApiTooManyRequestsResponse({ description: 'over WEBHOOK_RATE_LIMIT_PER_MINUTE' })
  @ApiServiceUnavailableResponse({ description: 'the database is unavailable: Flatchr retries', type: WebhookErrorDto })
  // Helmet's headers protect pages in browsers; Flatchr's server gets a JSON 202 and pays nothing for them.
  @RouteConfig({ helmet: { skipRoute: true } })
  // The secret was checked before the body was read (http/route-access.ts); then rate limit, source
  // address (403), and signature when configured (401).
  @UseGuards(WebhookRateLimitGuard, WebhookSourceIpGuard, WebhookSignatureGuard)
  async receive(@Body() body: unknown, @Req() req: RawBodyRequest<FastifyRequest>): Promise<IngestResult> {
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
    return this.storeOr503(() => this.deliveries.ingest(parsed.summary, parsed.kind === 'hire', correlationIdOf(req), jsonBytesOf(req)));
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

/** The request's bytes when they are the JSON that was parsed (a form body was parsed from other text). */
function jsonBytesOf(req: RawBodyRequest<FastifyRequest>): Buffer | undefined {
  if (!/^application\/json/i.test(req.headers['content-type'] ?? '') || !req.rawBody) return undefined;
  // The JSON parser skips a byte-order mark; Postgres' jsonb does not, so it is not stored.
  return req.rawBody.subarray(0, UTF8_BOM.length).equals(UTF8_BOM) ? req.rawBody.subarray(UTF8_BOM.length) : req.rawBody;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
