import { KeyedWindowCounter } from './keyed-window-counter';

describe('KeyedWindowCounter', () => {
  it('allows up to the limit per key, then says when that key may send again', () => {
    let now = 120_000 + 15_000;
    const counter = new KeyedWindowCounter(2, 60_000, () => now);
    expect(counter.hit('a')).toEqual({ allowed: true });
    now += 10_000;
    expect(counter.hit('a')).toEqual({ allowed: true });
    expect(counter.hit('b')).toEqual({ allowed: true });
    // a's window began at its first hit, 10 s ago: 50 s left.
    expect(counter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 50 });
    now += 50_000;
    expect(counter.hit('a')).toEqual({ allowed: true });
  });

  it('does not reset at a clock-minute boundary: hits straddling it still count together', () => {
    let now = 179_990; // 10 ms before the minute turns
    const counter = new KeyedWindowCounter(5, 60_000, () => now);
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push(counter.hit('ip').allowed);
    now = 180_010; // 10 ms after
    for (let i = 0; i < 3; i++) verdicts.push(counter.hit('ip').allowed);
    expect(verdicts).toEqual([true, true, true, true, true, false]);
  });

  it('never answers Retry-After 0 and forgets keys whose window ended', () => {
    let now = 0;
    const counter = new KeyedWindowCounter(1, 60_000, () => now);
    counter.hit('a');
    now = 59_999;
    expect(counter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    counter.hit('b');
    now = 130_000;
    counter.hit('c');
    expect(counter.size).toBe(1);
  });
});
