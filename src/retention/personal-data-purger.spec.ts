import type { DataSource } from 'typeorm';
import { AppConfigService } from '../config/app-config.service';
import type { AppEnv } from '../config/env.schema';
import { PersonalDataPurger } from './personal-data-purger';

const HOUR_MS = 3600_000;

/**
 * The schedule only: what a pass does to the rows is tested against Postgres in
 * test/e2e/retention-rows.e2e-spec.ts and test/e2e/retention.e2e-spec.ts. `purge` is replaced, so no database is reached here.
 */
describe('PersonalDataPurger schedule', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const purgerWith = (retentionDays: number) => {
    const unused = null as never;
    const purger = new PersonalDataPurger(
      unused as DataSource,
      new AppConfigService({ RETENTION_DAYS: retentionDays } as AppEnv),
      unused,
      unused,
      unused,
      unused,
      unused,
    );
    const purge = jest.spyOn(purger, 'purge').mockResolvedValue({ deliveries: 0, syncJobs: 0, employees: 0 });
    return { purger, purge };
  };

  it('purges every hour with RETENTION_DAYS, not before the first hour', async () => {
    const { purger, purge } = purgerWith(30);
    purger.onApplicationBootstrap();
    jest.advanceTimersByTime(HOUR_MS - 1);
    expect(purge).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(purge).toHaveBeenCalledTimes(1);
    expect(purge).toHaveBeenCalledWith(30);
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(HOUR_MS);
    expect(purge).toHaveBeenCalledTimes(2);
    await purger.beforeApplicationShutdown();
    jest.advanceTimersByTime(5 * HOUR_MS);
    expect(purge).toHaveBeenCalledTimes(2);
  });

  it('never purges with RETENTION_DAYS=0 (keep everything)', async () => {
    const { purger, purge } = purgerWith(0);
    purger.onApplicationBootstrap();
    jest.advanceTimersByTime(48 * HOUR_MS);
    expect(purge).not.toHaveBeenCalled();
    await purger.beforeApplicationShutdown();
  });
});
