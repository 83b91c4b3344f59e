import { Fault } from './mock-sirh.types';

/** What a control request or `GET /__faults` sees. */
export interface FaultState {
  queued: Fault[];
  mode: Fault | null;
  failRate: number;
  failRateFault: Fault;
}

/**
 * Which fault the next POST /employees gets: scripted one-shot faults first, then the persistent mode,
 * then, by chance, the fail-rate fault.
 */
export class FaultQueue {
  private readonly queue: Fault[] = [];
  private mode: Fault | null = null;
  private failRate = 0;
  private failRateFault: Fault = { status: 503 };

  constructor(private readonly random: () => number = Math.random) {}

  enqueue(faults: Fault[]): void {
    faults.forEach(assertFault);
    this.queue.push(...faults);
  }

  setMode(mode: Fault | null): void {
    if (mode !== null) assertFault(mode);
    this.mode = mode;
  }

  /** A share (0 to 1) of POST /employees answered with `fault` (503 by default), at random. */
  setFailRate(rate: number, fault: Fault = { status: 503 }): void {
    if (!(typeof rate === 'number' && rate >= 0 && rate <= 1)) throw new TypeError(`mock SIRH: fail rate must be from 0 to 1, got ${rate}`);
    assertFault(fault);
    this.failRate = rate;
    this.failRateFault = fault;
  }

  /** Consumes one queued fault if any; the mode is not consumed. */
  next(): Fault | null {
    const scripted = this.queue.shift() ?? this.mode;
    if (scripted) return scripted;
    return this.failRate > 0 && this.random() < this.failRate ? this.failRateFault : null;
  }

  state(): FaultState {
    return { queued: [...this.queue], mode: this.mode, failRate: this.failRate, failRateFault: this.failRateFault };
  }

  reset(): void {
    this.queue.length = 0;
    this.mode = null;
    this.failRate = 0;
    this.failRateFault = { status: 503 };
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
