import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Metric, Registry } from 'prom-client';
import { HRIS_PROVIDERS } from '../hris/hris-provider';
import { FINISHED_STATUSES, SYNC_JOB_STATUSES } from '../sync/sync-job-status';
import { SyncJobsRepository } from '../sync/sync-jobs.repository';
import { DeliveriesRepository } from '../webhooks/deliveries.repository';
import { OverviewService, QUEUE_STATES, QueueState } from './overview.service';

/** The events Flatchr documents; the `event` label takes these and `other`. */
const FLATCHR_EVENTS = ['new_vacancy', 'new_applicant', 'drag_applicant', 'new_message'];

/** Upper bounds (seconds) of the SIRH latency histogram. */
export const SIRH_LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Upper bounds (seconds) of webhook → HRIS: from a second to the better part of a day of retries. */
export const WEBHOOK_TO_HRIS_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400];

type MetricValue = { value: number; labels?: Record<string, string | number>; metricName?: string };

/**
 * Prometheus metrics, computed at scrape time from Postgres and Redis rather than counted in
 * memory: they are then the same whichever API replica is scraped, survive restarts, and
 * include what the worker processes (another process in the `worker` role) did.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  /** The queue's state, read once per scrape and shared by the three queue gauges. */
  private queueState?: Promise<QueueState>;

  constructor(
    private readonly jobs: SyncJobsRepository,
    deliveries: DeliveriesRepository,
    private readonly overviews: OverviewService,
  ) {
    // process_* and nodejs_* of the process that answers the scrape (each replica and worker is its own target).
    collectDefaultMetrics({ register: this.registry });
    // prom-client names three gauges *_total, which `promtool check metrics` rejects (the suffix is for
    // counters); their per-type siblings nodejs_active_{handles,requests,resources} stay, and sum() gives the total.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      this.registry.removeSingleMetric(name);
    }
    this.registry.registerMetric(
      this.custom('hirebridge_deliveries_total', 'Webhook deliveries stored, by event and status.', 'counter', async () => {
        // Any caller with the token picks the event name: only Flatchr's four become label values.
        const rows = await deliveries.countByEventAndStatus(FLATCHR_EVENTS);
        return rows.map((r) => ({ value: r.n, labels: { event: r.event, status: r.status } }));
      }),
    );
    this.registry.registerMetric(
      this.custom(
        'hirebridge_sync_outcomes_total',
        'Sync job runs that ended, by outcome (a retried job counts once per run).',
        'counter',
        async () => {
          const byOutcome = await jobs.outcomeCounts();
          return FINISHED_STATUSES.map((o) => ({ value: byOutcome.get(o) ?? 0, labels: { outcome: o } }));
        },
      ),
    );
    this.registry.registerMetric(
      this.custom('hirebridge_sync_jobs', 'Sync jobs by current status.', 'gauge', async () => {
        const counts = await overviews.countByStatus();
        return SYNC_JOB_STATUSES.map((s) => ({ value: counts[s], labels: { status: s } }));
      }),
    );
    this.registry.registerMetric(
      this.custom(
        'hirebridge_sirh_request_duration_seconds',
        'Duration of calls to the SIRH, by HTTP status ("none": time-out or connection error).',
        'histogram',
        () => this.latencyHistogram(),
      ),
    );
    this.registry.registerMetric(
      this.custom(
        'hirebridge_webhook_to_hris_seconds',
        'Time from the webhook received to the HRIS answer that finished the job, by provider and outcome.',
        'histogram',
        () => this.webhookToHrisHistogram(),
      ),
    );
    // Outside render() (no shared read in progress) each gauge reads the queue itself.
    const queueState = () => this.queueState ?? this.overviews.queueState();
    new Gauge({
      name: 'hirebridge_queue_jobs',
      help: 'Jobs in the hire-sync queue by state; absent when Redis does not answer.',
      labelNames: ['state'],
      registers: [this.registry],
      collect: async function (this: Gauge) {
        this.reset();
        const q = await queueState();
        if (!q.available) return;
        for (const state of QUEUE_STATES) this.set({ state }, q.counts[state] ?? 0);
      },
    });
    new Gauge({
      name: 'hirebridge_queue_depth',
      help: 'Jobs waiting to run (waiting, delayed, prioritized); -1 when Redis does not answer.',
      registers: [this.registry],
      collect: async function (this: Gauge) {
        const q = await queueState();
        this.set(q.depth ?? -1);
      },
    });
    new Gauge({
      name: 'hirebridge_queue_workers',
      help: 'Workers connected to the hire-sync queue; -1 when Redis does not answer.',
      registers: [this.registry],
      collect: async function (this: Gauge) {
        const q = await queueState();
        this.set(q.workers ?? -1);
      },
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    this.queueState = this.overviews.queueState();
    try {
      return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    } finally {
      this.queueState = undefined;
    }
  }

  /** Cumulative buckets counted by Postgres from sync_attempts. */
  private async latencyHistogram(): Promise<MetricValue[]> {
    const rows = await this.jobs.attemptLatencies(SIRH_LATENCY_BUCKETS.map((le) => le * 1000));
    const name = 'hirebridge_sirh_request_duration_seconds';
    const values: MetricValue[] = [];
    for (const r of rows) {
      SIRH_LATENCY_BUCKETS.forEach((le, i) =>
        values.push({ metricName: `${name}_bucket`, labels: { status: r.status, le }, value: r.buckets[i] }),
      );
      values.push({ metricName: `${name}_bucket`, labels: { status: r.status, le: '+Inf' }, value: r.count });
      values.push({ metricName: `${name}_sum`, labels: { status: r.status }, value: r.sumMs / 1000 });
      values.push({ metricName: `${name}_count`, labels: { status: r.status }, value: r.count });
    }
    return values;
  }

  /** Labels are bounded: provider (the registry's list, else 'other') and outcome (a fixed list); never a company or a person. */
  private async webhookToHrisHistogram(): Promise<MetricValue[]> {
    const rows = await this.jobs.webhookToHrisLatencies(WEBHOOK_TO_HRIS_BUCKETS, HRIS_PROVIDERS);
    const name = 'hirebridge_webhook_to_hris_seconds';
    const values: MetricValue[] = [];
    for (const r of rows) {
      const labels = { provider: r.provider, outcome: r.outcome };
      WEBHOOK_TO_HRIS_BUCKETS.forEach((le, i) =>
        values.push({ metricName: `${name}_bucket`, labels: { ...labels, le }, value: r.buckets[i] }),
      );
      values.push({ metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: r.count });
      values.push({ metricName: `${name}_sum`, labels, value: r.sumSeconds });
      values.push({ metricName: `${name}_count`, labels, value: r.count });
    }
    return values;
  }

  /** A metric whose values come from a query at scrape time (prom-client accepts any object with get()). */
  private custom(name: string, help: string, type: 'counter' | 'gauge' | 'histogram', values: () => Promise<MetricValue[]>) {
    return {
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: await values() }),
    } as unknown as Metric;
  }
}
