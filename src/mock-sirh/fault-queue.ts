import { Fault } from './mock-sirh.types';

/** Which fault the next POST /employees gets: scripted one-shot faults first, then the persistent mode. */
export class FaultQueue {
  private readonly queue: Fault[] = [];
  private mode: Fault | null = null;

  enqueue(faults: Fault[]): void {
    faults.forEach(assertFault);
    this.queue.push(...faults);
  }

  setMode(mode: Fault | null): void {
    if (mode !== null) assertFault(mode);
    this.mode = mode;
  }

  /** Consumes one queued fault if any; the mode is not consumed. */
  next(): Fault | null {
    return this.queue.shift() ?? this.mode;
  }

  reset(): void {
    this.queue.length = 0;
    this.mode = null;
  }
}

/** Fails at the call site, so a typo in a test script does not silently become "no fault". */
export function assertFault(fault: Fault): void {
  const f = fault as unknown as Record<string, unknown>;
  const ok =
    typeof f === 'object' &&
    f !== null &&
    (f.hang === true ||
      f.destroy === true ||
      f.holdUntil instanceof Promise ||
      (isNonNegativeNumber(f.delayMs) && f.status === undefined) ||
      (Number.isInteger(f.status) &&
        (f.status as number) >= 100 &&
        (f.status as number) <= 599 &&
        (f.retryAfterSeconds === undefined || isNonNegativeNumber(f.retryAfterSeconds))));
  if (!ok) throw new TypeError(`mock SIRH: not a valid fault: ${JSON.stringify(fault)}`);
}

function isNonNegativeNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Short label for log lines. */
export function describeFault(fault: Fault): string {
  if ('hang' in fault) return 'hang';
  if ('destroy' in fault) return 'reset';
  if ('holdUntil' in fault) return 'hold';
  if ('delayMs' in fault) return `delay ${fault.delayMs}ms`;
  return `${fault.status}`;
}
