import type { HrisAnswer, HrisHttp } from '../hris-http';
import type { PayfitCollaboratorPayload, PayfitContractPayload } from './payfit.payload';

/** PayFit's documented page size limit for collaborator lists. */
export const PAYFIT_MAX_PAGE_SIZE = 50;

/** A collaborator as the list gives it (fields the connector reads; others ignored). */
export interface PayfitCollaborator {
  id: string;
  firstName: string | null;
  lastName: string | null;
  /** Every email the collaborator carries (personal, professional, contract), lower-cased. */
  emails: string[];
  /** Null when the list says nothing about contracts. */
  contractCount: number | null;
}

export interface PayfitCollaboratorPage {
  collaborators: PayfitCollaborator[];
  nextPageToken: string | null;
}

/** HTTP for PayFit's Partner API with a customer API key: Bearer, paths under the connection's company. */
export class PayfitClient {
  constructor(
    private readonly http: HrisHttp,
    private readonly apiKey: string,
    private readonly companyId: string,
  ) {}

  listCollaborators(query: { email?: string; pageToken?: string | null; maxResults?: number }): Promise<HrisAnswer> {
    return this.http.request({
      method: 'GET',
      path: `${this.companyPath()}/collaborators`,
      query: {
        maxResults: query.maxResults ?? PAYFIT_MAX_PAGE_SIZE,
        // Contracts still being created are drafts like ours: without this they would not be seen.
        includeInProgressContracts: true,
        email: query.email,
        nextPageToken: query.pageToken ?? undefined,
      },
      headers: this.auth(),
    });
  }

  createCollaborator(payload: PayfitCollaboratorPayload): Promise<HrisAnswer> {
    return this.http.request({ method: 'POST', path: `${this.companyPath()}/collaborators`, json: payload, headers: this.auth() });
  }

  createContract(collaboratorId: string, payload: PayfitContractPayload): Promise<HrisAnswer> {
    return this.http.request({
      method: 'POST',
      path: `${this.companyPath()}/collaborators/${encodeURIComponent(collaboratorId)}/contracts`,
      json: payload,
      headers: this.auth(),
    });
  }

  private companyPath(): string {
    return `/companies/${encodeURIComponent(this.companyId)}`;
  }

  private auth(): Record<string, string> {
    return { Authorization: `Bearer ${this.apiKey}` };
  }
}

/**
 * Reads one page of `GET /companies/{companyId}/collaborators`. The page token is read from
 * `meta.nextPageToken` or a top-level `nextPageToken` (third-party clients report both); the list
 * from `collaborators` or `data`.
 */
export function collaboratorPageOf(body: unknown): PayfitCollaboratorPage {
  const b = (body ?? {}) as { collaborators?: unknown; data?: unknown; nextPageToken?: unknown; meta?: { nextPageToken?: unknown } };
  const items = Array.isArray(b.collaborators) ? b.collaborators : Array.isArray(b.data) ? b.data : Array.isArray(body) ? body : [];
  const token = b.meta?.nextPageToken ?? b.nextPageToken;
  return {
    collaborators: items.map(collaboratorOf).filter((c): c is PayfitCollaborator => c !== null),
    nextPageToken: typeof token === 'string' && token !== '' ? token : null,
  };
}

function collaboratorOf(item: unknown): PayfitCollaborator | null {
  if (item === null || typeof item !== 'object') return null;
  const c = item as Record<string, unknown>;
  const id = typeof c.id === 'string' ? c.id : typeof c.id === 'number' ? String(c.id) : null;
  if (!id) return null;
  const emails = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.includes('@')) emails.add(value.trim().toLowerCase());
  };
  for (const key of ['personalEmail', 'professionalEmail', 'email', 'workEmail']) add(c[key]);
  if (Array.isArray(c.emails)) for (const e of c.emails) add(typeof e === 'string' ? e : (e as { email?: unknown } | null)?.email);
  if (Array.isArray(c.contracts)) for (const contract of c.contracts) add((contract as { email?: unknown } | null)?.email);
  return {
    id,
    firstName: typeof c.firstName === 'string' ? c.firstName : null,
    lastName: typeof c.lastName === 'string' ? c.lastName : null,
    emails: [...emails],
    contractCount: Array.isArray(c.contracts) ? c.contracts.length : null,
  };
}
