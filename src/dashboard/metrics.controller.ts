import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ThrottlerGuard } from '@nestjs/throttler';
import { BasicAuthGuard } from './basic-auth.guard';
import { MetricsService } from './metrics.service';

/** Prometheus scrape endpoint; behind the dashboard's Basic auth (Prometheus' `basic_auth`, the read-only account fits). */
@ApiTags('operators')
@ApiBasicAuth()
@Controller('metrics')
// Counted against the operators' per-IP limit (DASHBOARD_RATE_LIMIT_PER_MINUTE), before credentials are checked.
@UseGuards(ThrottlerGuard, BasicAuthGuard)
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics: deliveries, sync outcomes, SIRH latency, queue depth and workers' })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } },
  })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.render();
    reply.header('Content-Type', contentType);
    reply.header('Cache-Control', 'no-store');
    return body;
  }
}
