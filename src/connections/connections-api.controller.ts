import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Req,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiCreatedResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { ActionGuard } from '../dashboard/action.guard';
import { BasicAuthGuard, principalOf } from '../dashboard/basic-auth.guard';
import { CSRF_HEADER } from '../dashboard/csrf';
import { flattenValidationErrors } from '../webhooks/validation-errors';
import { ConnectionListView, ConnectionTestView, ConnectionView, WaitingCompanyView } from './connection-view';
import { ConnectionsService, fieldErrors } from './connections.service';
import { CreateConnectionBody, UpdateConnectionBody } from './dto/connection.body';

/** Field-by-field 400s, the same shape as the provider checks' (ConnectionsService.valuesOf). */
const bodyValidation = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: (errors) =>
    fieldErrors(flattenValidationErrors(errors).flatMap((p) => p.messages.map((message) => ({ field: p.field, message })))),
});

/** Connections: one HRIS account each, for the Flatchr companies it lists. Credentials go in, never out. */
@ApiTags('connections')
@ApiBasicAuth()
@ApiHeader({ name: CSRF_HEADER, required: false, description: 'Changes need a JSON body or a dashboard CSRF token' })
@Controller('api/connections')
@UseGuards(ThrottlerGuard, BasicAuthGuard)
@UsePipes(bodyValidation)
export class ConnectionsApiController {
  constructor(private readonly connections: ConnectionsService) {}

  @Get()
  @ApiOkResponse({ type: ConnectionListView })
  list(): Promise<ConnectionListView> {
    return this.connections.list();
  }

  @Get('waiting')
  @ApiOperation({ summary: 'Companies with hires waiting for a connection' })
  @ApiOkResponse({ type: [WaitingCompanyView] })
  waiting(): Promise<WaitingCompanyView[]> {
    return this.connections.waitingCompanies();
  }

  @Get(':id')
  @ApiOkResponse({ type: ConnectionView })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ConnectionView> {
    return this.connections.get(id);
  }

  @Post()
  @HttpCode(201)
  @UseGuards(ActionGuard)
  @ApiBody({ type: CreateConnectionBody })
  @ApiCreatedResponse({ type: ConnectionView })
  @ApiConflictResponse({ description: 'a company is already served by another enabled connection' })
  create(@Body() body: CreateConnectionBody, @Req() req: FastifyRequest): Promise<ConnectionView> {
    return this.connections.create(body, principalOf(req).user);
  }

  @Patch(':id')
  @UseGuards(ActionGuard)
  @ApiBody({ type: UpdateConnectionBody })
  @ApiOkResponse({ type: ConnectionView })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateConnectionBody,
    @Req() req: FastifyRequest,
  ): Promise<ConnectionView> {
    return this.connections.update(id, body, principalOf(req).user);
  }

  @Delete(':id')
  @HttpCode(204)
  @UseGuards(ActionGuard)
  async remove(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest): Promise<void> {
    await this.connections.remove(id, principalOf(req).user);
  }

  @Post(':id/test')
  @HttpCode(200)
  @UseGuards(ActionGuard)
  @ApiOperation({ summary: 'A cheap authenticated read on the vendor with the stored credentials' })
  @ApiOkResponse({ type: ConnectionTestView })
  test(@Param('id', new ParseUUIDPipe()) id: string): Promise<ConnectionTestView> {
    return this.connections.test(id);
  }
}
