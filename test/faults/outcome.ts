import { Queue } from 'bullmq';
import { Client } from 'pg';
import type { MockSirh } from '../../src/mock-sirh/mock-sirh.types';
import { DeliveryPlan } from './delivery-plan';
import { SendStats } from './webhook-sender';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** Sync jobs a worker held (BullMQ 'active') when a fault hit. */
export interface CaughtJobs {
  fault: string;
  at: Date;
  ids: string[];
}

/** What the faults found when they struck: each must have hit something, or the run proves nothing. */
export interface FaultsStruck {
  pushesInFlightAtKill: number;
  activeAtKill: number;
  activeAtRedisRestart: number;
}

export interface Outcome {
  rows: Array<[string, string | number, string?]>;
  checks: Check[];
  /** Extra lines explaining failures (stuck jobs, duplicated people…). */
  evidence: string[];
}

const count = (rows: Array<{ k: string; n: string }>) => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
const tally = (keys: string[]) => keys.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});
const fmt = (o: Record<string, number>) =>
  Object.entries(o)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '-';

/** What the run produced, from Postgres, the fake SIRH and what the sender saw; and the checks on it. */
export async function measureOutcome(
  plan: DeliveryPlan,
  sent: SendStats,
  db: Client,
  sirh: MockSirh,
  queue: Queue,
  extra: { notQueued: string[]; caught: CaughtJobs[]; struck: FaultsStruck },
): Promise<Outcome> {
  const evidence: string[] = [];
  const planned = plan.items.length;
  const stored = Number((await db.query('SELECT count(*) AS n FROM deliveries')).rows[0].n);
  const storedByStatus = count((await db.query('SELECT status AS k, count(*) AS n FROM deliveries GROUP BY 1')).rows);
  const jobsByStatus = count((await db.query('SELECT status AS k, count(*) AS n FROM sync_jobs GROUP BY 1')).rows);
  const syncJobs = Object.values(jobsByStatus).reduce((a, b) => a + b, 0);
  const attemptsByOutcome = count(
    (await db.query(`SELECT outcome || coalesce(' ' || http_status, '') AS k, count(*) AS n FROM sync_attempts GROUP BY 1`)).rows,
  );

  const latency = (
    await db.query(
      `WITH l AS (SELECT extract(epoch FROM j.finished_at - d.received_at) AS s
                    FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id WHERE j.finished_at IS NOT NULL)
       SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s)::numeric, 2) AS p50,
              round(percentile_cont(0.99) WITHIN GROUP (ORDER BY s)::numeric, 1) AS p99,
              round(max(s)::numeric, 1) AS max, count(*) FILTER (WHERE s > 30) AS over30 FROM l`,
    )
  ).rows[0];

  const caughtRows: Outcome['rows'] = [];
  for (const c of extra.caught) {
    const r = (
      await db.query(
        `SELECT count(*) FILTER (WHERE status IN ('succeeded', 'skipped')) AS done,
                round(min(extract(epoch FROM finished_at - $2::timestamptz))::numeric, 1) AS min,
                round(max(extract(epoch FROM finished_at - $2::timestamptz))::numeric, 1) AS max
           FROM sync_jobs WHERE id = ANY($1::uuid[])`,
        [c.ids, c.at],
      )
    ).rows[0];
    caughtRows.push([`  jobs active at ${c.fault}`, c.ids.length, c.ids.length ? `${r.done} finished, ${r.min}-${r.max} s after it` : '']);
  }

  const companyId = plan.companyId;
  const expected = new Set(plan.hiredCandidates.map((c) => `flatchr:${companyId}:${c}`));
  const employees = sirh.employees();
  const byExternalId = new Map<string, string[]>();
  for (const e of employees) byExternalId.set(e.externalId, [...(byExternalId.get(e.externalId) ?? []), e.id]);
  const sirhDuplicates = [...byExternalId.entries()].filter(([, ids]) => ids.length > 1);
  const keysByExternalId = new Map<string, Set<string>>();
  const sirhAnswers: Record<string, number> = {};
  for (const r of sirh.requests) {
    if (r.method !== 'POST' || r.path !== '/employees') continue;
    const answer = r.answeredStatus !== undefined ? String(r.answeredStatus) : 'no answer';
    const label = `${answer}${r.fault ? ` (${Object.keys(r.fault)[0] === 'status' ? 'injected' : Object.keys(r.fault)[0]})` : ''}`;
    sirhAnswers[label] = (sirhAnswers[label] ?? 0) + 1;
    const externalId = (r.body as { externalId?: string } | undefined)?.externalId ?? '?';
    const keys = keysByExternalId.get(externalId) ?? new Set<string>();
    keys.add(r.headers['idempotency-key'] ?? '(none)');
    keysByExternalId.set(externalId, keys);
  }
  const keyDuplicates = [...keysByExternalId.entries()].filter(([, keys]) => keys.size > 1);
  const duplicates = sirhDuplicates.reduce((n, [, ids]) => n + ids.length - 1, 0) + keyDuplicates.length;
  const lost = [...expected].filter((x) => !byExternalId.has(x));
  const unexpected = [...byExternalId.keys()].filter((x) => !expected.has(x));
  const sirhEmployees = byExternalId.size;

  const pgEmployees = (await db.query(`SELECT count(*) AS n, count(*) FILTER (WHERE hris_id IS NULL) AS unsynced FROM employees`)).rows[0];
  const idOf = new Map([...byExternalId.entries()].map(([x, ids]) => [x, ids[0]]));
  const mismatched = (await db.query(`SELECT external_id, hris_id FROM employees WHERE hris_id IS NOT NULL`)).rows.filter(
    (r: { external_id: string; hris_id: string }) => idOf.get(r.external_id) !== r.hris_id,
  );

  const unfinished: Array<Record<string, any>> = (
    await db.query(
      `SELECT j.id, j.status, j.attempt_count, j.last_error, j.updated_at, round(extract(epoch FROM now() - j.updated_at)) AS idle_s,
              d.candidate_id
         FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id
        WHERE j.status NOT IN ('succeeded', 'skipped') ORDER BY j.updated_at`,
    )
  ).rows;
  for (const job of unfinished.slice(0, 10)) {
    const state = await queue.getJobState(`sync-${job.id}`).catch((e: Error) => `? (${e.message})`);
    const events = (
      await db.query(
        `SELECT to_char(at, 'HH24:MI:SS.MS') AS at, type, from_status, to_status, actor, left(detail, 80) AS detail
           FROM sync_job_events WHERE sync_job_id = $1 ORDER BY at`,
        [job.id],
      )
    ).rows.map((e: Record<string, string>) => `${e.at} ${e.type} ${e.from_status ?? ''}->${e.to_status ?? ''} ${e.detail ?? ''}`);
    evidence.push(
      `unfinished sync job ${job.id} (candidate ${job.candidate_id}): status ${job.status}, attempts ${job.attempt_count}, ` +
        `idle ${job.idle_s} s, BullMQ job sync-${job.id}: ${state}, last error: ${job.last_error ?? '-'}\n    events: ${events.join(' | ') || '-'}`,
    );
  }
  for (const [x, ids] of sirhDuplicates.slice(0, 10)) evidence.push(`SIRH holds ${ids.length} employees for ${x}: ${ids.join(', ')}`);
  for (const [x, keys] of keyDuplicates.slice(0, 10))
    evidence.push(`${x} was pushed with ${keys.size} Idempotency-Keys: ${[...keys].join(', ')}`);
  for (const x of lost.slice(0, 10)) evidence.push(`lost: ${x} is not in the SIRH`);
  for (const x of unexpected.slice(0, 10)) evidence.push(`unexpected employee in the SIRH: ${x}`);
  for (const m of mismatched.slice(0, 10))
    evidence.push(`employees row ${m.external_id} has hris_id ${m.hris_id}, SIRH says ${idOf.get(m.external_id)}`);
  for (const g of sent.gaveUp.slice(0, 10)) evidence.push(`delivery #${g.index} (${g.kind}) not accepted: ${g.reason}`);

  // The hires the API stored while Redis was away reach the SIRH only through the reconciler.
  const notQueuedIds = extra.notQueued.filter((id) => /^[0-9a-f-]{36}$/.test(id));
  const notQueuedJobs = (
    await db.query(
      `SELECT count(*) AS n, count(*) FILTER (WHERE status IN ('succeeded', 'skipped')) AS done
         FROM sync_jobs WHERE delivery_id = ANY($1::uuid[])`,
      [notQueuedIds],
    )
  ).rows[0];
  const notQueuedNote = `${notQueuedJobs.done}/${notQueuedJobs.n} of their sync jobs finished`;

  const queueCounts = await queue.getJobCounts().catch(() => ({}) as Record<string, number>);
  const extraRowsAllowed = sent.failedRequests;
  const rows: Outcome['rows'] = [
    ['deliveries sent (unique + exact redeliveries)', planned, `${plan.unique} + ${plan.redeliveries}`],
    ['  accepted (2xx)', sent.accepted, fmt(sent.answers)],
    ['  HTTP requests, retries included', sent.requests, ''],
    ['  requests failed outright / 429 / 5xx, retried', sent.failedRequests, fmt(sent.failuresByReason)],
    ['stored rows in deliveries', stored, fmt(storedByStatus)],
    ['hire deliveries (first hires + re-hires)', plan.hireDeliveries, `sync_jobs rows: ${syncJobs}`],
    ['  sync jobs by status', syncJobs, fmt(jobsByStatus)],
    ...caughtRows,
    ['  hires stored while Redis was down (API log)', extra.notQueued.length, `left to the reconciler: ${notQueuedNote}`],
    [
      '  delivery received -> job finished, seconds',
      `${latency.p50 ?? '-'}`,
      `p50; p99 ${latency.p99 ?? '-'}, max ${latency.max ?? '-'}, ${latency.over30} job(s) over 30 s`,
    ],
    ['  SIRH calls recorded (sync_attempts)', Object.values(attemptsByOutcome).reduce((a, b) => a + b, 0), fmt(attemptsByOutcome)],
    ['  SIRH POST /employees received', Object.values(sirhAnswers).reduce((a, b) => a + b, 0), fmt(sirhAnswers)],
    ['hires expected (distinct candidates hired)', expected.size, ''],
    ['employees in the fake SIRH', sirhEmployees, `${employees.length} records, ${unexpected.length} unexpected`],
    [
      'employees rows in Postgres',
      Number(pgEmployees.n),
      `${pgEmployees.unsynced} without SIRH id, ${mismatched.length} with another SIRH id`,
    ],
    [
      'duplicates',
      duplicates,
      `${sirhDuplicates.length} externalIds held twice, ${keyDuplicates.length} people pushed with >1 Idempotency-Key`,
    ],
    ['lost', lost.length, ''],
    ['hire sync jobs unfinished', unfinished.length, fmt(tally(unfinished.map((u) => String(u.status))))],
    ['BullMQ job counts at the end', '', fmt(queueCounts as Record<string, number>)],
  ];
  const checks: Check[] = [
    { name: 'every delivery accepted', ok: sent.accepted === planned && sent.gaveUp.length === 0, detail: `${sent.accepted}/${planned}` },
    {
      name: 'stored === sent',
      ok: stored >= planned && stored - planned <= extraRowsAllowed,
      detail:
        stored === planned
          ? `${stored} === ${planned}`
          : `${stored} vs ${planned} (up to ${extraRowsAllowed} extra rows allowed: requests that failed on the wire may have been stored before the retry)`,
    },
    {
      name: 'employees === expected',
      ok: sirhEmployees === expected.size && unexpected.length === 0,
      detail: `${sirhEmployees} vs ${expected.size}`,
    },
    { name: 'duplicates === 0', ok: duplicates === 0, detail: String(duplicates) },
    { name: 'lost === 0', ok: lost.length === 0, detail: String(lost.length) },
    {
      name: 'the SIGKILL struck a push in flight',
      ok: extra.struck.pushesInFlightAtKill > 0 && extra.struck.activeAtKill > 0,
      detail: `${extra.struck.pushesInFlightAtKill} SIRH push(es) in flight, ${extra.struck.activeAtKill} job(s) active`,
    },
    {
      name: 'the Redis restart struck active jobs',
      ok: extra.struck.activeAtRedisRestart > 0,
      detail: `${extra.struck.activeAtRedisRestart} job(s) active`,
    },
    {
      name: 'hires stored while Redis was down synced',
      // None logged would mean the restart missed the API, and the reconciler's path went untested.
      ok:
        notQueuedIds.length > 0 && notQueuedIds.length === extra.notQueued.length && Number(notQueuedJobs.done) === Number(notQueuedJobs.n),
      detail: `${extra.notQueued.length} logged, ${notQueuedNote}`,
    },
    {
      name: 'every hire sync job succeeded or skipped',
      ok: unfinished.length === 0 && syncJobs === plan.hireDeliveries,
      detail: `${unfinished.length} unfinished, ${syncJobs} jobs for ${plan.hireDeliveries} hire deliveries`,
    },
  ];
  return { rows, checks, evidence };
}

export function printOutcome(o: Outcome, header: string[]): void {
  const w0 = Math.max(...o.rows.map((r) => r[0].length));
  const w1 = Math.max(...o.rows.map((r) => String(r[1]).length));
  const line = '-'.repeat(w0 + w1 + 60);
  const out: string[] = ['', line, ...header, line];
  for (const [label, value, note] of o.rows) out.push(`${label.padEnd(w0)}  ${String(value).padStart(w1)}  ${note ?? ''}`.trimEnd());
  out.push(line);
  for (const c of o.checks) out.push(`${c.ok ? 'PASS' : 'FAIL'}  ${c.name.padEnd(42)} ${c.detail}`);
  if (o.evidence.length > 0) out.push(line, 'Evidence:', ...o.evidence.map((e) => `  ${e}`));
  out.push(line, '');
  process.stdout.write(out.join('\n'));
}
