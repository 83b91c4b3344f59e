import { log, secondsSinceStart } from './log';
import { sleep } from '../harness/wait';

export interface FaultStep {
  /** When to start, in ms after the schedule's t0. */
  atMs: number;
  what: string;
  run: () => Promise<string | void>;
}

export interface FaultRecord {
  what: string;
  /** Seconds since the run started, as printed in the log. */
  startedAt: string;
  tookMs: number;
  note?: string;
}

/** Runs the steps one after another, each not before its time; a failing step fails the run. */
export async function runFaultSchedule(steps: FaultStep[], t0: number): Promise<FaultRecord[]> {
  const records: FaultRecord[] = [];
  for (const step of [...steps].sort((a, b) => a.atMs - b.atMs)) {
    const wait = t0 + step.atMs - Date.now();
    if (wait > 0) await sleep(wait);
    const started = Date.now();
    log(`fault: ${step.what}`);
    const note = (await step.run()) ?? undefined;
    records.push({ what: step.what, startedAt: secondsSinceStart(started), tookMs: Date.now() - started, note });
    if (note) log(`fault: ${step.what}: ${note}`);
  }
  return records;
}
