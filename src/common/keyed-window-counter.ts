/**
 * Counts hits per key in windows that start at each key's first hit (not at clock minutes, where
 * `limit` hits before a minute boundary and `limit` more after it would all pass within seconds).
 * One Map lookup per hit and no timer per key: cheap enough for the webhook's hot path. Expired
 * keys are swept at most once per window, so memory stays one entry per key seen in the last two windows.
 */
export class KeyedWindowCounter {
  private readonly windows = new Map<string, { count: number; end: number }>();
  private nextSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts the hit; when over the limit, answers how many seconds until this key's window ends. */
  hit(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    if (now >= this.nextSweep) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || now >= window.end) {
      window = { count: 0, end: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count <= this.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.end - now) / 1000)) };
  }

  /** Keys whose window is over are forgotten. */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now >= window.end) this.windows.delete(key);
    this.nextSweep = now + this.windowMs;
  }
}
