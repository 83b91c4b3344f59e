import { HrisFailure } from '../../src/hris/hris-failure';

/** The HrisFailure a push ended with; fails the test when it succeeded or threw something else. */
export async function failureOf(promise: Promise<unknown>): Promise<HrisFailure> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HrisFailure);
  return err as HrisFailure;
}
