import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { PeriodicTask } from '../../common/periodic-task';
import { AppConfigService } from '../../config/app-config.service';
import { ConnectionResolver } from '../../connections/connection-resolver';
import { flatchrAccessOf } from '../../connections/flatchr-access';
import { hrisDefinition } from '../../hris/hris-registry';
import type { HrisProvider } from '../../hris/hris-provider';
import { workerRedisOptions } from '../../sync/redis-connection';
import { FLATCHR_WRITE_BACK_JOBS, FLATCHR_WRITE_BACK_QUEUE } from '../../sync/queue.constants';
import { SyncJobsRepository, WriteBackSubject } from '../../sync/sync-jobs.repository';
import { FlatchrApiClient } from '../api/flatchr-api.client';
import { FlatchrApiError } from '../api/flatchr-api.errors';
import { idToText } from '../flatchr-id';
import { writeBackNote } from '../api/write-back-note';
import { FlatchrClients } from './flatchr-clients';
import { FlatchrWriteBackProducer } from './flatchr-write-back.producer';
import { WriteBackJobData } from './flatchr-write-back.queue';

/** A pending write-back this long after its hire may have missed the queue (stored while Redis was down). */
const LOST_AFTER_SECONDS = 15 * 60;
const SWEEP_EVERY_MS = 5 * 60 * 1000;

/** The company tag a `tag` write-back fills, when the connection names none (settings.flatchrWriteBackTag). */
export const DEFAULT_WRITE_BACK_TAG = 'HRIS';

/**
 * Writes synced hires back to Flatchr (worker role): a note on the applicant ("Created in Lucca, id 123,
 * on 2026-12-01") with the write-back user's token, or a tag. Its own queue and retries; the hire's
 * status never depends on it, its state is sync_jobs.write_back_status and a timeline entry.
 */
@Injectable()
export class FlatchrWriteBackWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Flatchr');
  private worker?: Worker<WriteBackJobData>;
  private readonly sweep = new PeriodicTask('Write-back sweep', this.logger, () => this.requeueLost());

  constructor(
    private readonly syncJobs: SyncJobsRepository,
    private readonly resolver: ConnectionResolver,
    private readonly clients: FlatchrClients,
    private readonly config: AppConfigService,
    private readonly producer: FlatchrWriteBackProducer,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep.start(SWEEP_EVERY_MS);
    this.worker = new Worker<WriteBackJobData>(FLATCHR_WRITE_BACK_QUEUE, (job) => this.process(job), {
      connection: workerRedisOptions(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      // Flatchr takes one call per second per company: more would only wait on the pacer.
      concurrency: 2,
    });
    this.worker.on('error', (err) => this.logger.error(`Write-back worker error: ${err.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sweep.stop();
    await this.worker?.close();
  }

  /** Write-backs still pending long after their hire: queued again (a no-op for those BullMQ still holds). */
  async requeueLost(): Promise<number> {
    const ids = await this.syncJobs.pendingWriteBacks(LOST_AFTER_SECONDS, 100);
    for (const id of ids) await this.producer.enqueue(id);
    return ids.length;
  }

  async process(job: Job<WriteBackJobData>): Promise<string> {
    if (job.name !== FLATCHR_WRITE_BACK_JOBS.WRITE_BACK) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    const { syncJobId } = job.data;
    const subject = await this.syncJobs.writeBackSubject(syncJobId);
    if (!subject || subject.writeBackStatus === 'done') return 'already written';
    if (subject.status !== 'succeeded' || !subject.connectionId) return 'not synced';
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      const text = await this.writeBack(subject);
      await this.syncJobs.recordWriteBack(syncJobId, 'done', text);
      return text;
    } catch (err) {
      const message = (err as Error).message;
      // A refused key or user is retried too: the operator has the retries' hours to replace it.
      const permanent =
        err instanceof UnrecoverableError || (err instanceof FlatchrApiError && (err.kind === 'rejected' || err.kind === 'bad-answer'));
      if (err instanceof FlatchrApiError) await this.clients.noteKeyRefused(subject.connectionId, err);
      if (permanent || lastAttempt) {
        await this.syncJobs.recordWriteBack(syncJobId, 'failed', message);
        this.logger.warn(`Write-back of sync job ${syncJobId} failed for good: ${message}`);
        throw new UnrecoverableError(message);
      }
      await this.syncJobs.recordWriteBack(syncJobId, 'pending', `attempt ${job.attemptsMade + 1} failed: ${message}`);
      throw err;
    }
  }

  private async writeBack(subject: WriteBackSubject): Promise<string> {
    const connection = await this.resolver.get(subject.connectionId!);
    if (!connection) throw new UnrecoverableError('the connection is gone or disabled');
    const access = flatchrAccessOf(connection);
    const client = this.clients.singleTryClient(connection);
    if (!access || !client || access.writeBack === 'off') throw new UnrecoverableError('the connection does not write back any more');
    const applicantId = await restApplicantId(client, subject);
    const text = writeBackNote({
      hrisLabel: hrisDefinition(subject.provider as HrisProvider)?.label ?? subject.provider,
      hrisId: subject.hrisId,
      outcome: subject.outcome ?? 'created',
      at: subject.finishedAt ?? new Date(),
    });
    if (access.writeBack === 'comment') {
      await client.createComment(applicantId, { text, private: false });
      return text;
    }
    const wanted =
      typeof connection.settings.flatchrWriteBackTag === 'string' ? connection.settings.flatchrWriteBackTag : DEFAULT_WRITE_BACK_TAG;
    const tag = (await client.listTags()).find((t) => idToText(t.id) === wanted || (t.name ?? '').toLowerCase() === wanted.toLowerCase());
    if (!tag) throw new UnrecoverableError(`Flatchr has no tag "${wanted}" for this company (create it in Flatchr)`);
    await client.addTag(applicantId, { tagId: idToText(tag.id)!, value: text });
    return text;
  }
}

/**
 * The applicant's id as Flatchr's paths take it (encoded). The API's hires carry it; a webhook often
 * sends a plain number instead, so the applicant is found by the candidate's email and candidate id.
 */
export async function restApplicantId(client: FlatchrApiClient, subject: WriteBackSubject): Promise<string> {
  const own = subject.applicantId;
  if (own && (subject.source === 'flatchr-api' || !/^\d+$/.test(own))) return own;
  if (!subject.email) throw new UnrecoverableError('no applicant id Flatchr paths take, and no email to find it');
  const found = await client.searchApplicants({ email: subject.email });
  // A search item without candidate_id (readings.candidateIdSource) is not ruled out by it.
  const same = found.filter((a) => {
    const candidateId = idToText(a.candidate_id);
    return subject.candidateId === null || candidateId === null || candidateId === subject.candidateId;
  });
  const pick = same.find((a) => a.hired === true) ?? same[0];
  const id = idToText(pick?.applicant);
  // Retried: Flatchr's search may not show an applicant moved a moment ago yet.
  if (!id) throw new Error(`no Flatchr applicant found for ${subject.email}`);
  return id;
}
