/**
 * Queue and job names live in Redis with the jobs themselves: renaming one orphans every job
 * already queued under the old name. Add new names; never rename or reuse these.
 */
export const HIRE_SYNC_QUEUE = 'hire-sync';

export const HIRE_SYNC_JOBS = {
  /** Push one hire (one sync_jobs row) to the HRIS. */
  PUSH_EMPLOYEE: 'push-employee',
} as const;

export type HireSyncJobName = (typeof HIRE_SYNC_JOBS)[keyof typeof HIRE_SYNC_JOBS];

/** Notes left on the applicant in Flatchr once a hire is synced: apart from the hire, so they never fail it. */
export const FLATCHR_WRITE_BACK_QUEUE = 'flatchr-write-back';

export const FLATCHR_WRITE_BACK_JOBS = {
  /** Write one synced hire back to Flatchr (a comment or a tag on the applicant). */
  WRITE_BACK: 'write-back',
} as const;
