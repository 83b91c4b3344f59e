import type { EmployeeRecord } from '../../employees/employee-record';
import { ConnectionCheck, HrisConnector, PushOptions, PushOutcome, PushProgress } from '../hris-connector';
import { HrisFailure } from '../hris-failure';
import { excerpt } from '../hris-http';
import type { HiBobClient } from './hibob.client';
import { hiBobFailure, isDuplicateEmail } from './hibob.failure';
import { HiBobPayloadSettings, toHiBobPayload } from './hibob.payload';

/** HiBob documents that reads may lag writes by up to 20 s: a person just created may not be found yet. */
export const HIBOB_READ_LAG_MS = 20_000;

/** Progress steps this connector records (PushProgress). */
export const CREATE_SENT = 'createSent';
/** The create call ended (`status`: the HTTP status, or `none` when no answer came). */
export const CREATE_ENDED = 'createEnded';
export const PERSON_CREATED = 'personCreated';
export const DUPLICATE_REFUSED = 'duplicateRefused';

export const HIBOB_CREATED_NOTICE =
  'Created in HiBob with name, work email, site, start date, title, department and personal mobile; ' +
  'HR completes employment, payroll, reporting line and personal details in HiBob.';

export interface HiBobConnectorOptions {
  /** How long after a create a look-up may miss the person; HIBOB_READ_LAG_MS unless a test shortens it. */
  readLagMs?: number;
  now?: () => Date;
}

interface FoundPerson {
  id: string;
  firstName: string | null;
  surname: string | null;
}

/**
 * HiBob: look up by email, create when not found. A create whose answer never came is resolved by a
 * look-up, but only once HiBob's read lag has passed since it was sent; before that the job waits
 * (rate-limited: no attempt spent) rather than looking up too early and creating a second person.
 */
export class HiBobConnector extends HrisConnector {
  readonly system = 'hibob';
  private readonly readLagMs: number;
  private readonly now: () => Date;
  private readonly requestTimeoutMs: number;

  constructor(
    private readonly client: HiBobClient,
    private readonly settings: HiBobPayloadSettings,
    options: HiBobConnectorOptions = {},
  ) {
    super();
    this.readLagMs = options.readLagMs ?? HIBOB_READ_LAG_MS;
    this.now = options.now ?? (() => new Date());
    this.requestTimeoutMs = client.requestTimeoutMs;
  }

  async pushEmployee(record: EmployeeRecord, options: PushOptions): Promise<PushOutcome> {
    const { steps } = options.progress;
    const done = steps[PERSON_CREATED]?.data.id;
    if (done) return { kind: 'existing', hrisId: done, httpStatus: 200, responseExcerpt: null };
    this.waitForReadLag(steps);

    const mapped = toHiBobPayload(record, this.settings);
    if (!mapped.payload) {
      throw HrisFailure.permanent(`HiBob cannot take this hire: ${mapped.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, {
        fieldErrors: mapped.problems,
      });
    }
    const existing = await this.findByEmail(mapped.payload.email);
    if (existing) return linked(existing);
    const refusedAt = steps[DUPLICATE_REFUSED]?.at;
    if (refusedAt && this.elapsedSince(refusedAt) >= this.readLagMs) {
      // HiBob said the email is taken, and past its read lag still shows no one with it: out of this service user's sight.
      throw HrisFailure.permanent(
        `HiBob refused ${mapped.payload.email} as already used, but its people search does not return that person (a leaver hidden from the service user, or missing permissions): link them by hand`,
        { httpStatus: 400, fieldErrors: [{ field: 'email', message: 'already used in HiBob' }] },
      );
    }

    await options.progress.record(CREATE_SENT);
    const res = await this.client.createPerson(mapped.payload).catch(async (err: unknown) => {
      if (err instanceof HrisFailure && err.noAnswer) await options.progress.record(CREATE_ENDED, { status: 'none' });
      throw err;
    });
    if (res.status !== 200 && res.status !== 201) await options.progress.record(CREATE_ENDED, { status: String(res.status) });
    if (res.status === 200 || res.status === 201) {
      const id = idOf(res.body);
      if (!id)
        throw HrisFailure.retryable(`HiBob answered ${res.status} without the employee id`, {
          httpStatus: res.status,
          responseExcerpt: excerpt(res.text),
        });
      await options.progress.record(PERSON_CREATED, { id });
      return { kind: 'created', hrisId: id, httpStatus: res.status, responseExcerpt: excerpt(res.text), notices: [HIBOB_CREATED_NOTICE] };
    }
    if (isDuplicateEmail(res)) {
      // Created meanwhile (by another tool, or by our own lost create): look again once the lag has passed.
      await options.progress.record(DUPLICATE_REFUSED);
      throw HrisFailure.rateLimited(
        `HiBob answered 400 (email already used); looking the person up again after its ${this.readLagMs} ms read lag`,
        this.readLagMs,
        {
          httpStatus: 400,
          responseExcerpt: excerpt(res.text),
        },
      );
    }
    throw hiBobFailure('Creating the employee', res);
  }

  /** Reads the company's sites (cheap, authenticated) and checks the connection's site is one of them. */
  async testConnection(): Promise<ConnectionCheck> {
    let res;
    try {
      res = await this.client.sites();
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
    if (res.status !== 200) return { ok: false, detail: hiBobFailure('Reading the sites', res).message };
    const values = (res.body as { values?: unknown } | null)?.values;
    const sites = Array.isArray(values)
      ? (values as Array<{ name?: unknown; value?: unknown; archived?: unknown }>).filter((v) => v.archived !== true)
      : [];
    const names = sites.map((v) => (typeof v.name === 'string' ? v.name : String(v.value)));
    if (!names.includes(this.settings.site))
      return { ok: false, detail: `HiBob has no site "${this.settings.site}" (sites: ${names.join(', ') || 'none'})` };
    return { ok: true, detail: `HiBob answered with ${names.length} sites, "${this.settings.site}" among them` };
  }

  /**
   * Throws rate-limited while an earlier create may have stored a person look-ups cannot see yet.
   * A create refused with a 4xx stored no one. One that got no answer or a 5xx may have: HiBob's lag
   * counts from when it stored them, at the latest when the call ended; if that end was never
   * recorded (the worker died), from when the call could last have ended (createSent + time-out).
   */
  private waitForReadLag(steps: PushProgress['steps']): void {
    const sent = steps[CREATE_SENT];
    if (!sent) return;
    const ended = steps[CREATE_ENDED];
    const endedAfterSent = ended !== undefined && Date.parse(ended.at) >= Date.parse(sent.at);
    if (endedAfterSent && /^4\d\d$/.test(ended.data.status ?? '')) return;
    const remaining = endedAfterSent
      ? this.readLagMs - this.elapsedSince(ended.at)
      : this.readLagMs + this.requestTimeoutMs - this.elapsedSince(sent.at);
    if (remaining > 0) {
      throw HrisFailure.rateLimited(
        `An earlier create may have stored this person without our knowing; HiBob's reads lag up to ${this.readLagMs} ms, so the look-up waits ${remaining} ms`,
        remaining,
      );
    }
  }

  private elapsedSince(at: string): number {
    const sent = Date.parse(at);
    return Number.isNaN(sent) ? Infinity : this.now().getTime() - sent;
  }

  private async findByEmail(email: string): Promise<FoundPerson | null> {
    const res = await this.client.searchByEmail(email);
    if (res.status !== 200) throw hiBobFailure('Looking the employee up', res);
    const employees = (res.body as { employees?: unknown } | null)?.employees;
    if (!Array.isArray(employees))
      throw HrisFailure.retryable('HiBob answered the people search without an employees list', { httpStatus: 200 });
    const wanted = email.trim().toLowerCase();
    const match = (employees as Array<Record<string, unknown>>).find(
      (e) => typeof e.email === 'string' && e.email.trim().toLowerCase() === wanted,
    );
    if (!match) return null;
    const id = idOf(match);
    if (!id) throw HrisFailure.retryable('HiBob returned a person without an id', { httpStatus: 200 });
    return {
      id,
      firstName: typeof match.firstName === 'string' ? match.firstName : null,
      surname: typeof match.surname === 'string' ? match.surname : null,
    };
  }
}

function linked(found: FoundPerson): PushOutcome {
  return {
    kind: 'linked',
    hrisId: found.id,
    httpStatus: 200,
    responseExcerpt: null,
    foundName: { firstName: found.firstName, lastName: found.surname },
  };
}

function idOf(body: unknown): string | null {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : null;
}
