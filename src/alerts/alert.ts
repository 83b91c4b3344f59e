/** What an alert is about; each kind is sent once per subject (a job, a connection, or the whole service). */
export const ALERT_KINDS = [
  'hire_failed',
  'hire_waiting',
  'connection_failing',
  'connection_recovered',
  'backlog',
  'flatchr_silent',
  'test',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * One alert, ready to be worded for any channel: who, which company, what happened and where to
 * look. Holds personal data (the person's name): stored only until it is sent.
 */
export interface Alert {
  kind: AlertKind;
  /** What the alert is about, for de-duplication: a sync job id, a connection id, or a fixed word. */
  subject: string;
  /** One line, e.g. "Hire failed for good: Ada Lovelace (Acme)". */
  title: string;
  /** The person concerned, or null when the alert is not about one person. */
  person: string | null;
  company: string | null;
  /** What happened and what to do, in a sentence or two. */
  what: string;
  /** Where to look: an absolute URL when PUBLIC_URL is set, else the dashboard path. */
  link: string;
  /** The sync job concerned, if any. */
  syncJobId: string | null;
  /** When it happened (ISO 8601). */
  at: string;
}

/** A hire's who and where, as the sync jobs' read model gives it. */
export interface HireFacts {
  syncJobId: string;
  person: string | null;
  email: string | null;
  company: string | null;
  vacancy: string | null;
  lastError: string | null;
  attemptCount: number;
  /** Since when: creation for the backlog, the last change for a wait. */
  since: Date;
}

/**
 * What the connections layer tells the alerts about a connection. `companies` are the Flatchr
 * companies whose hires go through it (names, or ids when no name is known).
 */
export interface ConnectionFacts {
  id: string;
  name: string;
  provider: string;
  companies?: string[];
  /** What the HRIS answered (e.g. "401 invalid API key"); no credentials. */
  detail?: string | null;
}
