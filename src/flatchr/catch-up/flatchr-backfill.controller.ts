import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards, UsePipes, ValidationPipe } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBasicAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { IsString, Matches } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { fieldErrors } from '../../connections/connections.service';
import { ActionGuard } from '../../dashboard/action.guard';
import { BasicAuthGuard, principalOf } from '../../dashboard/basic-auth.guard';
import { flattenValidationErrors } from '../../webhooks/validation-errors';
import { BackfillView, FlatchrBackfillService } from './flatchr-backfill.service';

export class BackfillBody {
  @ApiProperty({ example: '2026-01-01', description: 'Every hire since this day (YYYY-MM-DD), up to now' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'since must be a day as YYYY-MM-DD' })
  since: string;
}

class BackfillAccepted {
  @ApiProperty() id: string;
}

class BackfillProgress {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) connectionId: string;
  @ApiProperty({ example: '2026-01-01', description: 'The first day asked (YYYY-MM-DD)' }) since: string;
  @ApiProperty({ enum: ['pending', 'running', 'succeeded', 'failed'] }) status: string;
  @ApiProperty({ description: 'Hired applicants Flatchr returned so far' }) found: number;
  @ApiProperty({ description: 'Of those, new hires (sync jobs with source flatchr-api)' }) created: number;
  @ApiProperty({ description: 'Already known: a webhook or an earlier run brought them' }) duplicates: number;
  @ApiProperty({ description: 'Not usable as a hire, or not stored' }) failed: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed, for status failed' }) error: string | null;
  @ApiProperty({ description: 'The account that asked for it' }) requestedBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

class HiredColumnView {
  @ApiProperty({ type: String, nullable: true }) id: string | null;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty() hired: boolean;
}

class HiredColumnsView {
  @ApiProperty({ type: [HiredColumnView] }) hiredColumns: HiredColumnView[];
}

const bodyValidation = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: (errors) =>
    fieldErrors(flattenValidationErrors(errors).flatMap((p) => p.messages.map((message) => ({ field: p.field, message })))),
});

/** Backfill: every hire since a day from Flatchr's API, for a company that starts using HireBridge. */
@ApiTags('connections')
@ApiBasicAuth()
@Controller('api/connections')
@UseGuards(ThrottlerGuard, BasicAuthGuard)
@UsePipes(bodyValidation)
export class FlatchrBackfillController {
  constructor(private readonly backfills: FlatchrBackfillService) {}

  @Post(':id/backfill')
  @HttpCode(202)
  @UseGuards(ActionGuard)
  @ApiOperation({ summary: "Every hire since a day, from Flatchr's API (the connection needs Flatchr access)" })
  @ApiBody({ type: BackfillBody })
  @ApiAcceptedResponse({ type: BackfillAccepted })
  request(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: BackfillBody, @Req() req: FastifyRequest): Promise<{ id: string }> {
    return this.backfills.request(id, body.since, principalOf(req).user);
  }

  @Get(':id/flatchr/hired-columns')
  @ApiOperation({ summary: "The columns Flatchr flags hired for the connection's company (why a drag_applicant is not a hire)" })
  @ApiOkResponse({ type: HiredColumnsView })
  hiredColumns(@Param('id', new ParseUUIDPipe()) id: string): Promise<HiredColumnsView> {
    return this.backfills.hiredColumns(id);
  }

  @Get(':id/backfill/:backfillId')
  @ApiOkResponse({ type: BackfillProgress })
  get(@Param('id', new ParseUUIDPipe()) id: string, @Param('backfillId') backfillId: string): Promise<BackfillView> {
    return this.backfills.get(id, backfillId);
  }
}
