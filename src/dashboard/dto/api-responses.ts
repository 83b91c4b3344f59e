import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PUSH_OUTCOME_KINDS } from '../../hris/hris-connector';
import { SYNC_ATTEMPT_OUTCOMES } from '../../sync/sync-attempt.entity';
import { SYNC_JOB_SOURCES, WRITE_BACK_STATUSES } from '../../sync/sync-job.entity';
import { SYNC_JOB_STATUSES } from '../../sync/sync-job-status';
import { DELIVERY_STATUSES } from '../../webhooks/delivery.entity';

/**
 * Shapes of the operator API's JSON answers, for the OpenAPI document (/docs-json) a client is
 * generated from. Documentation only: the controllers return their services' objects, which have these fields.
 */

const nullableText = (description?: string) => ApiProperty({ type: String, nullable: true, description });
const nullableTime = (description?: string) => ApiProperty({ type: String, format: 'date-time', nullable: true, description });
const time = (description?: string) => ApiProperty({ type: String, format: 'date-time', description });
const uuid = (description?: string) => ApiProperty({ type: String, format: 'uuid', description });
const anyJson = (description: string) =>
  ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description } as Parameters<typeof ApiProperty>[0]);

export class FieldErrorDto {
  @ApiProperty({ example: 'startDate' }) field: string;
  @ApiProperty({ example: 'is required by this HRIS' }) message: string;
}

export class PersonNameDto {
  @nullableText() firstName: string | null;
  @nullableText() lastName: string | null;
}

export class WriteBackDto {
  @ApiProperty({ enum: WRITE_BACK_STATUSES }) status: string;
  @nullableText('What was written, or why it failed') detail: string | null;
}

export class SyncJobRowDto {
  @uuid() id: string;
  @uuid() deliveryId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) employeeId: string | null;
  @ApiProperty({ enum: SYNC_JOB_STATUSES }) status: string;
  @ApiProperty({ example: 'generic-sirh' }) hrisSystem: string;
  @nullableText("The HRIS's id for the person") hrisId: string | null;
  @ApiProperty() attemptCount: number;
  @nullableText() lastError: string | null;
  @nullableTime() startedAt: Date | null;
  @nullableTime() finishedAt: Date | null;
  @time() createdAt: Date;
  @time() updatedAt: Date;
  @time('When the webhook delivery arrived') receivedAt: Date;
  @nullableText() candidateName: string | null;
  @nullableText() email: string | null;
  @nullableText() vacancy: string | null;
  @nullableText() company: string | null;
  @nullableText('Flatchr candidate id') candidateId: string | null;
  @nullableText('Flatchr applicant id') applicantId: string | null;
  @nullableTime('Set when the retention policy purged the delivery') payloadPurgedAt: Date | null;
  @ApiProperty({
    enum: PUSH_OUTCOME_KINDS,
    nullable: true,
    description: 'How the HRIS took the push; `linked`: matched someone it had by email',
  })
  outcome: string | null;
  @ApiProperty({ type: PersonNameDto, nullable: true, description: 'For `linked`: the name the HRIS holds' })
  foundName: PersonNameDto | null;
  @nullableText('The connection of the current run (an id or `default`); null before it first ran') connectionId: string | null;
  @nullableText('The HRIS provider of that connection; null before the first run') provider: string | null;
  @ApiProperty({ type: [String], description: 'What the operator should know about the push' }) notices: string[];
  @ApiProperty({ description: 'The start date came from the connection rule, not from Flatchr' }) startDateToConfirm: boolean;
  @anyJson('Steps of the HRIS push recorded so far, by name') pushSteps: Record<string, unknown>;
  @ApiProperty({ enum: SYNC_JOB_SOURCES, description: "How the hire came: a webhook, or Flatchr's API (catch-up or backfill)" })
  source: string;
  @ApiProperty({ type: WriteBackDto, nullable: true, description: 'The note left in Flatchr; null when none was asked' })
  writeBack: WriteBackDto | null;
}

export class SyncJobListDto {
  @ApiProperty({ type: [SyncJobRowDto] }) items: SyncJobRowDto[];
  @ApiProperty() total: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null when paging with a cursor' }) page: number | null;
  @ApiProperty() pageSize: number;
  @nullableText('Pass as `cursor` for the next page; null on the last one') nextCursor: string | null;
}

export class SyncAttemptDto {
  @ApiProperty() id: string;
  @uuid() syncJobId: string;
  @ApiProperty() attemptNo: number;
  @time() startedAt: Date;
  @ApiProperty() durationMs: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null: time-out or connection error' }) httpStatus: number | null;
  @ApiProperty({ enum: SYNC_ATTEMPT_OUTCOMES }) outcome: string;
  @nullableText() responseExcerpt: string | null;
  @nullableText() error: string | null;
  @ApiProperty({ type: [FieldErrorDto], nullable: true, description: 'The fields the HRIS refused' }) fieldErrors: FieldErrorDto[] | null;
}

export class SyncJobEventDto {
  @ApiProperty() id: string;
  @time() at: Date;
  @ApiProperty({ example: 'status', description: 'status, retry, replay or warning' }) type: string;
  @nullableText() fromStatus: string | null;
  @nullableText() toStatus: string | null;
  @ApiProperty({ example: 'worker' }) actor: string;
  @nullableText() detail: string | null;
}

export class DeliveryDto {
  @uuid() id: string;
  @time() receivedAt: Date;
  @ApiProperty({ example: 'drag_applicant' }) event: string;
  @nullableText() companyId: string | null;
  @nullableText() applicantId: string | null;
  @nullableText() candidateId: string | null;
  @nullableText() dedupeKey: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) duplicateOf: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: string;
  @ApiProperty() isHire: boolean;
  @anyJson('The body Flatchr sent; null once purged') payload: unknown;
  @anyJson('Why it was rejected') error: unknown;
  @nullableText() candidateFirstName: string | null;
  @nullableText() candidateLastName: string | null;
  @nullableText() candidateEmail: string | null;
  @nullableText() vacancyTitle: string | null;
  @nullableText() companyName: string | null;
  @nullableTime() payloadPurgedAt: Date | null;
}

export class EmployeeDto {
  @uuid() id: string;
  @ApiProperty() companyId: string;
  @ApiProperty() candidateId: string;
  @ApiProperty() externalId: string;
  @anyJson('The employee record last sent; null once purged') record: unknown;
  @nullableTime() recordPurgedAt: Date | null;
  @ApiProperty() hrisSystem: string;
  @nullableText() hrisId: string | null;
  @nullableTime() hrisSyncedAt: Date | null;
  @time() createdAt: Date;
  @time() updatedAt: Date;
}

export class SyncJobDetailDto {
  @uuid() id: string;
  @uuid() deliveryId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) employeeId: string | null;
  @ApiProperty({ enum: SYNC_JOB_STATUSES }) status: string;
  @ApiProperty() hrisSystem: string;
  @nullableText() hrisId: string | null;
  @anyJson('The employee record sent to the HRIS') mappedRecord: unknown;
  @nullableText() idempotencyKey: string | null;
  @ApiProperty({ description: 'Operator retries and replays so far' }) run: number;
  @ApiProperty() attemptCount: number;
  @ApiProperty({ enum: PUSH_OUTCOME_KINDS, nullable: true }) outcome: string | null;
  @ApiProperty({ type: PersonNameDto, nullable: true }) foundName: PersonNameDto | null;
  @nullableText() lastError: string | null;
  @nullableTime() startedAt: Date | null;
  @nullableTime() finishedAt: Date | null;
  @nullableTime() dataPurgedAt: Date | null;
  @time() createdAt: Date;
  @time() updatedAt: Date;
  @ApiPropertyOptional({ type: DeliveryDto, nullable: true }) delivery?: DeliveryDto | null;
  @ApiPropertyOptional({ type: EmployeeDto, nullable: true }) employee?: EmployeeDto | null;
  @nullableText() candidateName: string | null;
  @nullableText() email: string | null;
  @nullableText() vacancy: string | null;
  @nullableText() company: string | null;
  @ApiProperty({ type: [SyncAttemptDto] }) attempts: SyncAttemptDto[];
  @ApiProperty({ type: [SyncJobEventDto] }) events: SyncJobEventDto[];
  @ApiProperty({ enum: SYNC_JOB_SOURCES }) source: string;
  @ApiProperty({ enum: WRITE_BACK_STATUSES, nullable: true, description: 'The Flatchr write-back; null when none was asked' })
  writeBackStatus: string | null;
  @nullableText() writeBackDetail: string | null;
}

export class ActionResultDto {
  @uuid() id: string;
  @ApiProperty({ enum: ['retry', 'replay'] }) action: string;
  @ApiProperty({ enum: ['queued'] }) status: string;
  @ApiProperty({ description: 'The new run number' }) run: number;
  @ApiProperty({ description: 'False when Redis refused the job: the reconciler queues it later' }) enqueued: boolean;
}

export class BulkRetryResultDto {
  @ApiProperty() retried: number;
  @ApiProperty({ description: 'Most jobs one call retries' }) limit: number;
  @ApiProperty({ type: [String] }) ids: string[];
}

export class DeliveryRowDto {
  @uuid() id: string;
  @time() receivedAt: Date;
  @ApiProperty() event: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: string;
  @ApiProperty() isHire: boolean;
  @nullableText() companyId: string | null;
  @nullableText() candidateId: string | null;
  @nullableText() applicantId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) duplicateOf: string | null;
  @nullableText() candidateName: string | null;
  @anyJson('Why it was rejected') error: unknown;
  @nullableTime() payloadPurgedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) syncJobId: string | null;
  @ApiProperty({ enum: SYNC_JOB_STATUSES, nullable: true, description: "The sync job's status: what became of the hire" })
  syncJobStatus: string | null;
  @ApiProperty({ enum: PUSH_OUTCOME_KINDS, nullable: true }) syncJobOutcome: string | null;
  @nullableText('Column a drag_applicant moved the applicant to') columnTitle: string | null;
  @nullableText() columnId: string | null;
}

export class DeliveryListDto {
  @ApiProperty({ type: [DeliveryRowDto] }) items: DeliveryRowDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class EmployeeListDto {
  @ApiProperty({ type: [EmployeeDto] }) items: EmployeeDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class StatusCountsDto {
  @ApiProperty() queued: number;
  @ApiProperty() retrying: number;
  @ApiProperty({ description: 'Hires of companies no connection serves yet' }) waiting_connection: number;
  @ApiProperty() succeeded: number;
  @ApiProperty() failed: number;
  @ApiProperty() skipped: number;
}

export class QueueCountsDto {
  @ApiPropertyOptional() waiting?: number;
  @ApiPropertyOptional() active?: number;
  @ApiPropertyOptional() delayed?: number;
  @ApiPropertyOptional() prioritized?: number;
  @ApiPropertyOptional() failed?: number;
}

export class QueueStateDto {
  @ApiProperty() available: boolean;
  @ApiProperty({ type: QueueCountsDto }) counts: QueueCountsDto;
  @ApiProperty({ type: Number, nullable: true }) depth: number | null;
  @ApiProperty({ type: Number, nullable: true }) workers: number | null;
  @ApiPropertyOptional() error?: string;
}

export class LatencyDto {
  @ApiProperty({ type: Number, nullable: true }) median: number | null;
  @ApiProperty({ type: Number, nullable: true }) p95: number | null;
}

export class OverviewDto {
  @time() at: Date;
  @ApiProperty({ type: StatusCountsDto }) counts: StatusCountsDto;
  @ApiProperty() total: number;
  @ApiProperty() synced24h: number;
  @ApiProperty() synced7d: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Failed / finished over 7 days; null when none finished' })
  failureRate7d: number | null;
  @ApiProperty() finished7d: number;
  @ApiProperty({ type: LatencyDto, description: 'Webhook received → HRIS answered (ms), jobs that succeeded in 7 days' })
  latencyMs: LatencyDto;
  @ApiProperty({ type: QueueStateDto }) queue: QueueStateDto;
}

/** The error answer NestJS gives (400, 403, 404, 409, 503). */
export class ErrorDto {
  @ApiProperty() statusCode: number;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }) message: string | string[];
  @ApiPropertyOptional() error?: string;
}
