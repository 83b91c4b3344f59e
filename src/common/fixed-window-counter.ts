/**
 * Counts hits per key in fixed windows (one minute: the counts restart at each window's start).
 * One Map lookup per hit and no timer per key: cheap enough for the webhook's hot path. Memory is
 * one entry per key seen in the current window.
 */
export class FixedWindowCounter {
  private counts = new Map<string, number>();
  private windowEnd = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts the hit; when over the limit, answers how many seconds until the window resets. */
  hit(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    if (now >= this.windowEnd) {
      this.counts = new Map();
      this.windowEnd = now - (now % this.windowMs) + this.windowMs;
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count <= this.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((this.windowEnd - now) / 1000) };
  }
}
