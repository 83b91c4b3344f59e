import {
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Query,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { EmployeesService } from '../employees/employees.service';
import { BasicAuthGuard } from './basic-auth.guard';
import { ListSyncJobsQuery, PageQuery } from './dto/list-sync-jobs.query';
import { SyncJobsQueryService } from './sync-jobs-query.service';

/** JSON for the dashboard: what came in, what was sent, what the HRIS answered. */
@Controller('api')
@UseGuards(BasicAuthGuard)
@UsePipes(new ValidationPipe({ transform: true, whitelist: true }))
export class SyncJobsApiController {
  constructor(
    private readonly queries: SyncJobsQueryService,
    private readonly employees: EmployeesService,
  ) {}

  @Get('sync-jobs')
  list(@Query() query: ListSyncJobsQuery) {
    return this.queries.list(query);
  }

  @Get('sync-jobs/:id')
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const job = await this.queries.detail(id);
    if (!job) throw new NotFoundException(`sync job ${id} not found`);
    return job;
  }

  @Get('employees')
  async listEmployees(@Query() query: PageQuery) {
    const { items, total } = await this.employees.list(query.page, query.pageSize);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
