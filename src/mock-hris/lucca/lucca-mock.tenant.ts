import type { Answer } from '../../mock-sirh/http-io';

/** How the mock answers a create whose email is taken; Lucca's own behaviour is undocumented. */
export type DuplicateEmailReading = 'bad-request' | 'conflict';

export interface LuccaMockArchetype {
  id: number;
  name: string;
}

export interface LuccaMockUser {
  id: number;
  firstName: string;
  lastName: string;
  mail: string;
  login: string;
  professionalMobile: string | null;
  jobTitle: string | null;
  legalEntityId: number;
  departmentId: number;
  dtContractStart: string;
  /** A leaver: hidden from the user list unless `formerEmployees=true`. */
  former: boolean;
  /**
   * List reads that still miss this user: one created by another tool an instant before ours, so a
   * look-up misses it and the create meets it as a duplicate.
   */
  missedByListReads: number;
}

export interface LuccaMockContract {
  id: number;
  ownerId: number;
  startsOn: string;
  endsOn: string | null;
  typeId: number;
  establishmentId: number;
  externalId: string | null;
}

/** A tenant's referentials: what ids a user or contract may point to. */
export interface LuccaTenantReferentials {
  archetypes: LuccaMockArchetype[];
  legalEntityIds: number[];
  departmentIds: number[];
  establishmentIds: number[];
}

/** Templates a French tenant typically has. */
export const DEFAULT_ARCHETYPES: LuccaMockArchetype[] = [
  { id: 1, name: 'CDI' },
  { id: 2, name: 'CDD' },
  { id: 3, name: 'Convention de stage' },
  { id: 4, name: "Contrat d'apprentissage" },
  { id: 5, name: 'Intérim (CTT)' },
  { id: 6, name: 'Freelance' },
];

/** RFC 7807 answer, the form every Lucca error takes. */
export function problem(status: number, title: string, detail?: string, errors?: Record<string, string[]>): Answer {
  return {
    status,
    body: { type: `https://httpstatuses.io/${status}`, title, status, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) },
    headers: { 'Content-Type': 'application/problem+json; charset=utf-8' },
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(T00:00:00)?$/;
const MAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * One Lucca tenant's users and work contracts, answering the legacy API's paths as documented
 * (v3 users wrapped in `data`, directory 4.0 contracts not). No HTTP here: the server hands requests in.
 */
export class LuccaTenant {
  readonly users: LuccaMockUser[] = [];
  readonly contracts: LuccaMockContract[] = [];
  private nextUserId = 416;
  private nextContractId = 514;

  constructor(
    readonly referentials: LuccaTenantReferentials,
    public duplicateEmail: DuplicateEmailReading,
  ) {}

  seedUser(user: Partial<LuccaMockUser> & { mail: string }): LuccaMockUser {
    const stored: LuccaMockUser = {
      id: this.nextUserId++,
      firstName: 'Seeded',
      lastName: 'User',
      login: user.mail,
      professionalMobile: null,
      jobTitle: null,
      legalEntityId: this.referentials.legalEntityIds[0],
      departmentId: this.referentials.departmentIds[0],
      dtContractStart: '2020-01-01T00:00:00',
      former: false,
      missedByListReads: 0,
      ...user,
    };
    this.users.push(stored);
    return stored;
  }

  listUsers(query: URLSearchParams): Answer {
    let users = this.users.filter((u) => !u.former || query.get('formerEmployees') === 'true');
    const mail = query.get('mail');
    if (mail !== null) users = users.filter((u) => u.mail.toLowerCase() === mail.toLowerCase());
    users = users.filter((u) => {
      if (u.missedByListReads <= 0) return true;
      u.missedByListReads--;
      return false;
    });
    const [offset, limit] = (query.get('paging') ?? '0,1000').split(',').map(Number);
    if (!Number.isInteger(offset) || !Number.isInteger(limit) || offset < 0 || limit < 0 || limit > 1000) {
      return problem(400, 'Invalid paging', 'paging must be {offset},{limit} with limit <= 1000');
    }
    const fields = (query.get('fields') ?? 'id,name,url').split(',').map((f) => f.trim());
    const items = users.slice(offset, offset + limit).map((u) => pick(userView(u), fields));
    return { status: 200, body: { header: {}, data: { items } } };
  }

  /** `contract` is the `?contract=` flag: its default is undocumented, read here as Lucca's recommended `true`. */
  createUser(body: unknown, contract: string | null): Answer {
    const data = unwrap(body);
    if (!data) return problem(400, 'Invalid body', 'a JSON object is expected');
    const errors: Record<string, string[]> = {};
    const text = (name: string): string => {
      const v = data[name];
      if (typeof v !== 'string' || v.trim() === '') {
        errors[name] = [`The ${name} field is required.`];
        return '';
      }
      return v.trim();
    };
    const firstName = text('firstName');
    const lastName = text('lastName');
    const mail = text('mail');
    const dtContractStart = text('dtContractStart');
    const legalEntityId = this.reference(data, 'legalEntityId', this.referentials.legalEntityIds, errors);
    const departmentId = this.reference(data, 'departmentId', this.referentials.departmentIds, errors);
    if (mail && !MAIL.test(mail)) errors.mail = ['The mail field is not a valid e-mail address.'];
    if (dtContractStart && !DATE_TIME.test(dtContractStart)) errors.dtContractStart = ['Expected YYYY-MM-DDT00:00:00.'];
    const login = typeof data.login === 'string' && data.login.trim() !== '' ? data.login.trim() : mail;
    if (Object.keys(errors).length > 0) return problem(400, 'One or more validation errors occurred.', undefined, errors);

    if (this.users.some((u) => u.mail.toLowerCase() === mail.toLowerCase())) {
      return this.duplicateEmail === 'conflict'
        ? problem(409, 'Conflict', `A user with the email ${mail} already exists.`)
        : problem(400, 'One or more validation errors occurred.', undefined, { mail: ['This email is already used by another user.'] });
    }
    if (this.users.some((u) => u.login.toLowerCase() === login.toLowerCase())) {
      return problem(400, 'One or more validation errors occurred.', undefined, { login: ['This login is already used by another user.'] });
    }
    const user: LuccaMockUser = {
      id: this.nextUserId++,
      firstName,
      lastName,
      mail,
      login,
      professionalMobile: optionalText(data.professionalMobile),
      jobTitle: optionalText(data.jobTitle),
      legalEntityId,
      departmentId,
      dtContractStart: `${DATE_TIME.exec(dtContractStart)![1]}T00:00:00`,
      former: false,
      missedByListReads: 0,
    };
    this.users.push(user);
    if (contract !== 'false') {
      this.contracts.push({
        id: this.nextContractId++,
        ownerId: user.id,
        startsOn: user.dtContractStart.slice(0, 10),
        endsOn: null,
        typeId: this.referentials.archetypes[0]?.id ?? 1,
        establishmentId: this.referentials.establishmentIds[0],
        externalId: null,
      });
    }
    return { status: 200, body: { header: {}, data: userView(user) } };
  }

  createContract(body: unknown): Answer {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return problem(400, 'Invalid body', 'a JSON object is expected');
    const data = body as Record<string, unknown>;
    const errors: Record<string, string[]> = {};
    const ownerId = Number(data.ownerId);
    if (!this.users.some((u) => u.id === ownerId)) errors.ownerId = [`No user with id ${String(data.ownerId)}.`];
    const startsOn = typeof data.startsOn === 'string' && DATE.test(data.startsOn) ? data.startsOn : null;
    if (!startsOn) errors.startsOn = ['The startsOn field is required (YYYY-MM-DD).'];
    const typeId = this.reference(
      data,
      'typeId',
      this.referentials.archetypes.map((a) => a.id),
      errors,
    );
    const establishmentId =
      data.establishmentId === undefined || data.establishmentId === null
        ? this.referentials.establishmentIds[0]
        : this.reference(data, 'establishmentId', this.referentials.establishmentIds, errors);
    if (Object.keys(errors).length === 0) {
      // Lucca allows several contracts per person as long as their dates do not overlap.
      const overlapping = this.contracts.find((c) => c.ownerId === ownerId && (c.endsOn === null || c.endsOn >= startsOn!));
      if (overlapping) errors.startsOn = [`Overlaps work-contract ${overlapping.id}.`];
    }
    if (Object.keys(errors).length > 0) return problem(400, 'One or more validation errors occurred.', undefined, errors);
    const contract: LuccaMockContract = {
      id: this.nextContractId++,
      ownerId,
      startsOn: startsOn!,
      endsOn: null,
      typeId,
      establishmentId,
      externalId: optionalText(data.externalId),
    };
    this.contracts.push(contract);
    return { status: 200, body: contractView(contract) };
  }

  listContracts(query: URLSearchParams): Answer {
    const owners = query.getAll('ownerId').map(Number);
    const items = this.contracts.filter((c) => owners.length === 0 || owners.includes(c.ownerId)).map(contractView);
    return { status: 200, body: { items, count: items.length } };
  }

  listArchetypes(): Answer {
    return { status: 200, body: { items: this.referentials.archetypes.map((a) => ({ ...a })) } };
  }

  private reference(data: Record<string, unknown>, name: string, known: number[], errors: Record<string, string[]>): number {
    const raw = data[name];
    if (raw === undefined || raw === null || raw === '') {
      errors[name] = [`The ${name} field is required.`];
      return 0;
    }
    const id = Number(raw);
    if (!known.includes(id)) errors[name] = [`No ${name.replace(/Id$/, '')} with id ${String(raw)}.`];
    return id;
  }
}

function userView(u: LuccaMockUser): Record<string, unknown> {
  return {
    id: u.id,
    name: `${u.firstName} ${u.lastName}`,
    url: `/api/v3/users/${u.id}`,
    firstName: u.firstName,
    lastName: u.lastName,
    mail: u.mail,
    login: u.login,
    professionalMobile: u.professionalMobile,
    jobTitle: u.jobTitle,
    legalEntityId: u.legalEntityId,
    departmentId: u.departmentId,
    dtContractStart: u.dtContractStart,
  };
}

function contractView(c: LuccaMockContract): Record<string, unknown> {
  return { ...c, isApplicable: true, createdAt: new Date().toISOString() };
}

function pick(view: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(view).filter(([k]) => k === 'id' || fields.includes(k)));
}

/** The v3 users API reads a flat object; its PUT examples wrap it in `data`, so both are accepted. */
function unwrap(body: unknown): Record<string, unknown> | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const data = (body as { data?: unknown }).data;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : (body as Record<string, unknown>);
}

function optionalText(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}
