import { FixedWindowCounter } from './fixed-window-counter';

describe('FixedWindowCounter', () => {
  it('allows up to the limit per key and window, then says when the window resets', () => {
    let now = 120_000 + 15_000;
    const counter = new FixedWindowCounter(2, 60_000, () => now);
    expect(counter.hit('a')).toEqual({ allowed: true });
    expect(counter.hit('a')).toEqual({ allowed: true });
    expect(counter.hit('b')).toEqual({ allowed: true });
    expect(counter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    now = 180_000;
    expect(counter.hit('a')).toEqual({ allowed: true });
  });
});
