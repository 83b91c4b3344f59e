import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares secrets in constant time; hashing first hides the expected length as well. */
export function constantTimeEquals(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
