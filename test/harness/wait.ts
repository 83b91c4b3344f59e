export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Thrown by a waitFor() check to stop waiting at once (e.g. the process waited for has died). */
export class FatalWait extends Error {}

/**
 * Polls `check` until it returns a truthy value; throws after `timeoutMs` naming `what`. A check
 * that throws counts as "not yet" (a server still starting refuses connections), except FatalWait.
 */
export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 30000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: Error | null = null;
  for (;;) {
    const value = await check().catch((err: Error) => {
      if (err instanceof FatalWait) throw err;
      lastError = err;
      return null;
    });
    if (value) return value;
    if (Date.now() > deadline) {
      const cause = lastError ? ` (last check failed: ${(lastError as Error).message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await sleep(intervalMs);
  }
}
