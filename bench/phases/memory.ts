/**
 * Memory: the API process of the ingestion phase is fed up to CFG.soakDeliveries deliveries in all; RSS
 * per 10,000, idle after, and full-GC probes after the ingestion runs, half way and at the end (they
 * tell retained memory from garbage not yet collected).
 */
import { sleep } from '../../test/harness/wait';
import { CFG } from '../config';
import { results } from '../context';
import { deleteQueueKeys, dropDatabase } from '../lib/infra';
import { measuredCannon } from '../lib/load';
import { log } from '../lib/log';
import { round, rssMb } from '../lib/measure';
import { memProbe, pgClient } from '../lib/processes';
import type { IngestedService } from './ingestion';

export async function memory({ svc, db: svcDb, prefix, delivered: deliveredBefore, rssAtStartMb }: IngestedService): Promise<void> {
  let delivered = deliveredBefore;
  const timeline: Array<Record<string, number | null>> = [{ delivered, rssMb: round(rssMb(svc.pid)) }];
  const probes = [{ delivered, ...(await memProbe(svc, 'api-memory')) }];
  const soakRuns: Array<Awaited<ReturnType<typeof measuredCannon>>> = [];
  const CHUNK = 10000;
  let guard = 0;
  let halfProbed = false;
  while (delivered < CFG.soakDeliveries && guard++ < 100) {
    const left = CFG.soakDeliveries - delivered;
    const amount = left < 1.5 * CHUNK ? left : CHUNK; // no tiny last chunk
    if (amount < 200) break;
    const r = await measuredCannon(svc, 'service', { amount });
    delivered += r.ok2xx;
    soakRuns.push(r);
    timeline.push({ delivered, rssMb: r.rssAfterMb, rssPeakMb: r.rssPeakMb, rps: r.rps, p99: r.p99, errors: r.errors });
    log(`soak: ${delivered} deliveries, rss ${r.rssAfterMb} MB (peak ${r.rssPeakMb}), ${r.rps} req/s, errors ${r.errors}`);
    if (!halfProbed && delivered >= CFG.soakDeliveries / 2 && delivered < CFG.soakDeliveries) {
      halfProbed = true;
      probes.push({ delivered, ...(await memProbe(svc, 'api-memory')) });
    }
  }
  const idle: Array<number | null> = [];
  for (let s = 1; s <= 15; s++) {
    await sleep(1000);
    idle.push(round(rssMb(svc.pid)));
  }
  probes.push({ delivered, ...(await memProbe(svc, 'api-memory')) });
  log(
    `memory probes (after a full GC): ${probes.map((p) => `${p.delivered}: heap ${p.heapUsedAfterGcMb} MB, rss ${p.rssAfterGcMb} MB`).join('; ')}`,
  );
  const db = await pgClient(svcDb.url);
  const rows = (await db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE status <> 'queued')::int AS other FROM deliveries`))
    .rows[0];
  await db.end();
  const half = timeline.reduce((best, t) =>
    Math.abs(t.delivered! - delivered / 2) < Math.abs(best.delivered! - delivered / 2) ? t : best,
  );
  const summary = results.ingestion.summary;
  results.memory = {
    probes,
    rssAtStartMb,
    rssAfterIngestionMb: summary.service.rssAfterMb,
    peakUnderLoadMb: Math.max(summary.service.rssPeakMb, ...soakRuns.map((r) => r.rssPeakMb)),
    timeline,
    idleAfterMb: idle,
    settledMb: idle.at(-1),
    delivered,
    rowsStored: rows.n,
    rowsNotQueued: rows.other,
    halfwayMb: half.rssMb,
    halfwayDelivered: half.delivered,
    soakErrors: soakRuns.reduce((s, r) => s + r.errors, 0),
  };
  await svc.stop(8000);
  await dropDatabase(svcDb.name);
  await deleteQueueKeys(prefix);
}
