import { EmployeeStore, toApiEmployee } from './employee-store';
import { validateEmployee } from './employee-validation';
import { Answer } from './http-io';
import { SirhEmployeeRecord } from './mock-sirh.types';

/** A request as the contract handler sees it: already read, no sockets. */
export interface ContractRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  rawBody: string;
  bodyTooLarge: boolean;
}

/** The answer plus the employee it concerns, for the log line. */
export interface ContractAnswer extends Answer {
  employeeId?: string;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** The generic SIRH contract (docs/sirh-contract.md), with no faults: that is the server's job. */
export function handleContractRequest(req: ContractRequest, ctx: { apiKey: string; store: EmployeeStore }): ContractAnswer {
  if (req.path === '/health' && req.method === 'GET') return { status: 200, body: { status: 'ok' } };
  if (req.path === '/employees' && req.method === 'POST') return createEmployee(req, ctx);
  if (req.path === '/employees' && req.method === 'GET') return findEmployees(req, ctx);
  return { status: 404, body: { error: `no route for ${req.method} ${req.path}` } };
}

function createEmployee(req: ContractRequest, { apiKey, store }: { apiKey: string; store: EmployeeStore }): ContractAnswer {
  const denied = checkBearer(req.headers, apiKey);
  if (denied) return denied;
  if (!isJsonContentType(req.headers['content-type'])) {
    return { status: 415, body: { error: 'Content-Type must be application/json' } };
  }
  if (req.bodyTooLarge) return { status: 413, body: { error: `body larger than ${MAX_BODY_BYTES} bytes` } };

  let body: unknown;
  try {
    body = JSON.parse(req.rawBody);
  } catch {
    return { status: 400, body: { error: 'body is not valid JSON' } };
  }

  const idempotencyKey = req.headers['idempotency-key'];
  if (!idempotencyKey || idempotencyKey.trim() === '') {
    return { status: 400, body: { error: 'Idempotency-Key header is required' } };
  }

  const details = validateEmployee(body);
  if (details.length > 0) return { status: 422, body: { error: 'invalid employee', details } };
  const record = body as SirhEmployeeRecord;

  const replayed = store.findByIdempotencyKey(idempotencyKey);
  if (replayed) {
    // Keys are per hire: the same key for another person means the client links the wrong employee.
    if (replayed.externalId !== record.externalId) {
      return {
        status: 422,
        body: {
          error: 'Idempotency-Key already used for another employee',
          details: [{ field: 'Idempotency-Key', message: `already used for ${replayed.externalId} (${replayed.id})` }],
        },
        employeeId: replayed.id,
      };
    }
    return { status: 200, body: toApiEmployee(replayed), employeeId: replayed.id };
  }

  const sameExternalId = store.findByExternalId(record.externalId);
  if (sameExternalId) {
    store.rememberKey(idempotencyKey, sameExternalId);
    return { status: 200, body: toApiEmployee(sameExternalId), employeeId: sameExternalId.id };
  }

  const sameEmail = record.email === null ? undefined : store.findByEmail(record.email);
  if (sameEmail) {
    return {
      status: 409,
      body: { error: 'employee with this email already exists', id: sameEmail.id },
      employeeId: sameEmail.id,
    };
  }

  const created = store.create(record, idempotencyKey);
  return { status: 201, body: toApiEmployee(created), employeeId: created.id };
}

/** `?externalId=` (exact) and/or `?email=` (case-insensitive); no filter lists everyone, handy on a first try. */
function findEmployees(req: ContractRequest, { apiKey, store }: { apiKey: string; store: EmployeeStore }): ContractAnswer {
  const denied = checkBearer(req.headers, apiKey);
  if (denied) return denied;
  const { externalId, email } = req.query;
  const matches = store
    .all()
    .filter((e) => externalId === undefined || e.externalId === externalId)
    .filter((e) => email === undefined || (typeof e.email === 'string' && e.email.toLowerCase() === email.toLowerCase()));
  return { status: 200, body: matches.map(toApiEmployee) };
}

/** Also guards the fault control endpoint: the same key as the contract. */
export function checkBearer(headers: Record<string, string>, apiKey: string): ContractAnswer | null {
  const match = /^Bearer\s+(.+)$/i.exec(headers['authorization'] ?? '');
  if (!match) return unauthorized('missing Authorization: Bearer <api key>');
  if (match[1].trim() !== apiKey) return unauthorized('invalid API key');
  return null;
}

function unauthorized(error: string): ContractAnswer {
  return { status: 401, body: { error }, headers: { 'WWW-Authenticate': 'Bearer' } };
}

/** Accepts parameters such as `; charset=utf-8`. */
function isJsonContentType(value: string | undefined): boolean {
  return (value ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}
