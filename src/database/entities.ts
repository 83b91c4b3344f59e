import { AlertSent } from '../alerts/alert-sent.entity';
import { Connection } from '../connections/connection.entity';
import { Employee } from '../employees/employee.entity';
import { FlatchrBackfill } from '../flatchr/catch-up/flatchr-backfill.entity';
import { SyncAttempt } from '../sync/sync-attempt.entity';
import { SyncJob } from '../sync/sync-job.entity';
import { SyncJobEvent } from '../sync/sync-job-event.entity';
import { Delivery } from '../webhooks/delivery.entity';

/** Every entity, listed once for the app and the migration CLI alike. */
export const ENTITIES = [Connection, Delivery, Employee, SyncJob, SyncAttempt, SyncJobEvent, AlertSent, FlatchrBackfill];
