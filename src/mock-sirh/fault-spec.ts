import { assertFault } from './fault-queue';
import { Fault } from './mock-sirh.types';

/** The short text form of faults, for `--fault` and for `POST /__faults` from a shell. */
export const FAULT_SPEC_HELP =
  'STATUS[:RETRY_AFTER_SECONDS] (e.g. 503, 422, 429:2), hang, reset or delay:MS (e.g. delay:15000), each optionally xCOUNT (e.g. 503x2)';

export class FaultSpecError extends Error {}

/** `503x2` → two 503 faults; `429:1` → 429 with `Retry-After: 1`; `hang`, `reset`, `delay:5000`. */
export function parseFaultSpec(spec: string): Fault[] {
  const match = /^(.+?)(?:x(\d+))?$/.exec(spec.trim());
  const count = match?.[2] === undefined ? 1 : Number(match[2]);
  const fault = match ? parseOne(match[1]) : null;
  if (!fault || count < 1 || count > 10000) throw new FaultSpecError(`not a fault: "${spec}"; expected ${FAULT_SPEC_HELP}`);
  return Array.from({ length: count }, () => ({ ...fault }));
}

function parseOne(text: string): Fault | null {
  if (text === 'hang') return { hang: true };
  if (text === 'reset') return { destroy: true };
  const delay = /^delay:(\d+)$/.exec(text);
  if (delay) return { delayMs: Number(delay[1]) };
  const status = /^(\d{3})(?::(\d+))?$/.exec(text);
  if (!status) return null;
  const fault: Fault = { status: Number(status[1]) };
  if (status[2] !== undefined) fault.retryAfterSeconds = Number(status[2]);
  try {
    assertFault(fault);
  } catch {
    return null;
  }
  return fault;
}

/** A fault as JSON (the in-process shape) or as text (the spec above); one spec may stand for several faults. */
export function faultsFrom(value: unknown): Fault[] {
  if (typeof value === 'string') return parseFaultSpec(value);
  assertFault(value as Fault);
  return [value as Fault];
}
