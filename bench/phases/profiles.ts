/**
 * CPU profiles (BENCH_PROFILE=1): the API and the baseline under ingestion load, the worker and the
 * baseline worker under sync load, each started and stopped around the measured window through the
 * cpu-profile preload (`--cpu-prof` writes only at a normal exit, and Nest's shutdown hook re-raises SIGTERM).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CFG, PROFILE_DIR } from '../config';
import { results, templateName } from '../context';
import { createDatabase, deleteQueueKeys, dropDatabase, newPrefix, ROOT } from '../lib/infra';
import { cannon, cannonFigures, settle } from '../lib/load';
import { log } from '../lib/log';
import { cpuDiff, cpuSnapshot } from '../lib/measure';
import { profileControl, startBaselineIngest, startService, Target } from '../lib/processes';
import { summarizeFile } from '../lib/profile-summary';
import { measureDrain, releaseSeeded, seedAndEnqueue, startSyncTarget } from './sync';

export async function profiles(): Promise<void> {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const out: Record<string, unknown> = {};
  const fresh = (label: string) => {
    for (const f of readdirSync(PROFILE_DIR)) if (f.startsWith(`${label}.`)) rmSync(join(PROFILE_DIR, f));
  };
  const record = (label: string, run: unknown) => {
    const file = join(PROFILE_DIR, `${label}.cpuprofile`);
    out[label] = { run, file: relative(ROOT, file), summary: summarizeFile(file, 25) };
  };

  // Ingestion: the API (APP_ROLE=api) and the baseline, same load, same window.
  for (const kind of ['service', 'baseline'] as const) {
    const label = `${kind === 'service' ? 'api' : 'baseline'}-ingestion`;
    fresh(label);
    const db = await createDatabase(`profile_${label.replace('-', '_')}`, kind === 'service' ? templateName() : undefined);
    const prefix = newPrefix(`profile_${label.replace('-', '_')}`);
    let target: Target | undefined;
    try {
      target =
        kind === 'service'
          ? await startService({ role: 'api', dbUrl: db.url, prefix, label: 'service-api-prof', profileLabel: label })
          : await startBaselineIngest(db.url, prefix, label);
      await cannon(target.url, { duration: CFG.warmupSeconds });
      await settle(1000);
      await profileControl(target, label, 'start');
      const cpu0 = cpuSnapshot({ [kind]: target.pid });
      const r = { ...cannonFigures(await cannon(target.url, { duration: CFG.profileSeconds })), cpuSeconds: {} as Record<string, number> };
      r.cpuSeconds = cpuDiff(cpu0, cpuSnapshot({ [kind]: target.pid }));
      await profileControl(target, label, 'stop');
      record(label, r);
      log(`profiled ${label}: ${r.rps} req/s`);
    } finally {
      await target?.stop(8000);
      await dropDatabase(db.name);
      await deleteQueueKeys(prefix);
    }
  }

  // Sync: the worker (APP_ROLE=worker) and the baseline worker.
  for (const kind of ['service', 'baseline'] as const) {
    const label = `${kind === 'service' ? 'worker' : 'baseline-worker'}-sync`;
    fresh(label);
    const seeded = await seedAndEnqueue(
      `profile_${kind}_sync`,
      9_000_000 + (kind === 'baseline' ? 500_000 : 0),
      Math.min(CFG.syncHires, 5000),
    );
    let target: Target | undefined;
    try {
      target = await startSyncTarget(kind, seeded, { label: 'service-worker-prof', profileLabel: label }, label);
      await profileControl(target, label, 'start');
      const r = await measureDrain(seeded, target, kind);
      await profileControl(target, label, 'stop');
      record(label, { hiresPerSec: r.hiresPerSec, hires: r.hires, cpuMsPerHire: r.cpuMsPerHire, cpuSeconds: r.cpuSeconds });
      log(`profiled ${label}: ${r.hiresPerSec} hires/s`);
    } finally {
      await target?.stop(8000);
      await releaseSeeded(seeded);
    }
  }
  results.profiles = out;
}
