import type { SyncJobRow } from '../sync/sync-jobs.repository';
import type { Alert, ConnectionFacts, HireFacts } from './alert';
import { ALERT_TEXTS as T } from './alert-texts';

/** Where alerts point in the dashboard; `base` is PUBLIC_URL (or '' for a bare path). */
export const ALERT_LINKS = {
  job: (base: string, syncJobId: string) => `${base}/dashboard/jobs/${syncJobId}`,
  /** Connections have no page of their own here: the caller may pass its path. */
  connection: (base: string, c: ConnectionFacts & { path?: string }) => `${base}${c.path ?? '/dashboard/settings'}`,
  deliveries: (base: string) => `${base}/dashboard/deliveries`,
  settings: (base: string) => `${base}/dashboard/settings`,
};

export function hireFactsOf(row: SyncJobRow, since: Date): HireFacts {
  return {
    syncJobId: row.id,
    person: row.candidateName,
    email: row.email,
    company: row.company,
    vacancy: row.vacancy,
    lastError: row.lastError,
    attemptCount: row.attemptCount,
    since,
  };
}

const personOf = (h: HireFacts) => h.person ?? h.email;

export function hireFailedAlert(h: HireFacts, base: string, now: Date): Alert {
  return {
    kind: 'hire_failed',
    subject: h.syncJobId,
    title: T.hireFailedTitle(h),
    person: personOf(h),
    company: h.company,
    what: T.hireFailedWhat(h),
    link: ALERT_LINKS.job(base, h.syncJobId),
    syncJobId: h.syncJobId,
    at: now.toISOString(),
  };
}

export function hireWaitingAlert(h: HireFacts, base: string, now: Date): Alert {
  return {
    kind: 'hire_waiting',
    subject: h.syncJobId,
    title: T.hireWaitingTitle(h),
    person: personOf(h),
    company: h.company,
    what: T.hireWaitingWhat(h, now),
    link: ALERT_LINKS.job(base, h.syncJobId),
    syncJobId: h.syncJobId,
    at: now.toISOString(),
  };
}

/** One alert per backlog episode (subject 'backlog'), naming the oldest hire at the time. */
export function backlogAlert(h: HireFacts, base: string, now: Date): Alert {
  return {
    kind: 'backlog',
    subject: BACKLOG_SUBJECT,
    title: T.backlogTitle(h),
    person: personOf(h),
    company: h.company,
    what: T.backlogWhat(h, now),
    link: ALERT_LINKS.job(base, h.syncJobId),
    syncJobId: h.syncJobId,
    at: now.toISOString(),
  };
}
export const BACKLOG_SUBJECT = 'backlog';

export function connectionFailingAlert(c: ConnectionFacts & { path?: string }, base: string, now: Date): Alert {
  return {
    kind: 'connection_failing',
    subject: c.id,
    title: T.connectionFailingTitle(c),
    person: null,
    company: c.companies?.length ? c.companies.join(', ') : null,
    what: T.connectionFailingWhat(c),
    link: ALERT_LINKS.connection(base, c),
    syncJobId: null,
    at: now.toISOString(),
  };
}

/** `episode` tells this recovery from the connection's earlier ones (each is sent once). */
export function connectionRecoveredAlert(c: ConnectionFacts & { path?: string }, episode: string, base: string, now: Date): Alert {
  return {
    kind: 'connection_recovered',
    subject: `${c.id}#${episode}`,
    title: T.connectionRecoveredTitle(c),
    person: null,
    company: c.companies?.length ? c.companies.join(', ') : null,
    what: T.connectionRecoveredWhat(c),
    link: ALERT_LINKS.connection(base, c),
    syncJobId: null,
    at: now.toISOString(),
  };
}

export const SILENCE_SUBJECT = 'flatchr';

export function flatchrSilentAlert(days: number, last: { receivedAt: Date; company: string | null }, base: string, now: Date): Alert {
  return {
    kind: 'flatchr_silent',
    subject: SILENCE_SUBJECT,
    title: T.flatchrSilentTitle(days),
    person: null,
    company: last.company,
    what: T.flatchrSilentWhat(last.receivedAt, last.company),
    link: ALERT_LINKS.deliveries(base),
    syncJobId: null,
    at: now.toISOString(),
  };
}

export function testAlert(user: string, base: string, now: Date): Alert {
  return {
    kind: 'test',
    subject: `test-${now.getTime()}`,
    title: T.testTitle(),
    person: null,
    company: null,
    what: T.testWhat(user),
    link: ALERT_LINKS.settings(base),
    syncJobId: null,
    at: now.toISOString(),
  };
}
