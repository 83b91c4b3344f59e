/**
 * Ingestion: autocannon, CFG.connections connections, unique hires, service (APP_ROLE=api) and baseline
 * (bench/baseline/ingest-server.js) alternately, CFG.ingestRounds runs each after a warm-up; medians and the ratio.
 * The service's API process is left running for the memory phase.
 */
import { CFG } from '../config';
import { results, templateName } from '../context';
import { BenchDatabase, createDatabase, deleteQueueKeys, dropDatabase, newPrefix } from '../lib/infra';
import { cannon, cannonFigures, measuredCannon, settle } from '../lib/load';
import { log } from '../lib/log';
import { median, round, rssMb } from '../lib/measure';
import { pgClient, startBaselineIngest, startService, Target } from '../lib/processes';

/** The API process after the ingestion runs, its database and how many deliveries it has had. */
export interface IngestedService {
  svc: Target;
  db: BenchDatabase;
  prefix: string;
  delivered: number;
  rssAtStartMb: number | null;
}

type Run = Awaited<ReturnType<typeof measuredCannon>>;

export async function ingestion(): Promise<IngestedService> {
  const svcDb = await createDatabase('ingest', templateName());
  const baseDb = await createDatabase('ingest_baseline');
  const svcPrefix = newPrefix('ingest');
  const basePrefix = newPrefix('ingest_baseline');
  // With the preload for the memory probes (a full GC on request); it costs one stat() per 100 ms.
  const svc = await startService({ role: 'api', dbUrl: svcDb.url, prefix: svcPrefix, label: 'service-api', profileLabel: 'api-memory' });
  const base = await startBaselineIngest(baseDb.url, basePrefix);
  log(`ingestion: service pid ${svc.pid} on ${svc.url}, baseline pid ${base.pid} on ${base.url}`);
  const rssAtStartMb = round(rssMb(svc.pid));

  // JIT warm-up of both, not counted.
  let delivered = 0;
  for (const t of [svc, base]) {
    const w = cannonFigures(await cannon(t.url, { duration: CFG.warmupSeconds }));
    if (t === svc) delivered += w.ok2xx;
    log(`warm-up ${t.name}: ${w.rps} req/s, ${w.errors} errors`);
  }

  const runs: Record<'service' | 'baseline', Run[]> = { service: [], baseline: [] };
  for (let round = 1; round <= CFG.ingestRounds; round++) {
    for (const [kind, target] of [
      ['service', svc],
      ['baseline', base],
    ] as const) {
      await settle();
      const r = await measuredCannon(target, kind, { duration: CFG.ingestSeconds }, kind === 'service' ? svcDb.name : baseDb.name);
      r.round = round;
      runs[kind].push(r);
      if (kind === 'service') delivered += r.ok2xx;
      log(
        `ingest ${kind} #${round}: ${r.rps} req/s p50 ${r.p50} ms p99 ${r.p99} ms errors ${r.errors} rss ${r.rssAfterMb} MB cpu ${r.cpuMsPerRequest} ms/req`,
      );
    }
  }
  await base.stop(8000);
  await dropDatabase(baseDb.name);
  await deleteQueueKeys(basePrefix);

  const med = (kind: 'service' | 'baseline', key: keyof Run) => round(median(runs[kind].map((r) => r[key] as number)), 2);
  const summary: Record<string, any> = {};
  for (const kind of ['service', 'baseline'] as const) {
    summary[kind] = {
      rps: med(kind, 'rps'),
      p50: med(kind, 'p50'),
      p99: med(kind, 'p99'),
      errors: runs[kind].reduce((s, r) => s + r.errors, 0),
      cpuMsPerRequest: med(kind, 'cpuMsPerRequest'),
      pgXactsPerRequest: med(kind, 'pgXactsPerUnit' as keyof Run),
      redisCommandsPerRequest: med(kind, 'redisCommandsPerUnit' as keyof Run),
      rssAfterMb: runs[kind].at(-1)!.rssAfterMb,
      rssPeakMb: Math.max(...runs[kind].map((r) => r.rssPeakMb)),
    };
  }
  summary.ratio = round(summary.service.rps / summary.baseline.rps, 3);
  const db = await pgClient(svcDb.url);
  const statuses = (await db.query('SELECT status, count(*)::int AS n FROM deliveries GROUP BY status ORDER BY status')).rows;
  await db.end();
  results.ingestion = { runs, summary, rssAtStartMb, deliveryStatuses: statuses };
  log(`ingestion medians: service ${summary.service.rps} req/s vs baseline ${summary.baseline.rps} req/s = ${summary.ratio}x`);
  return { svc, db: svcDb, prefix: svcPrefix, delivered, rssAtStartMb };
}
