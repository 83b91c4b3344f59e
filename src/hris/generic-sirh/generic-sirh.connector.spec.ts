import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { transientProgress } from '../hris-connector';
import { HrisFailure } from '../hris-failure';
import { DEFAULT_RATE_LIMIT_WAIT_MS } from '../retry-after';
import { GenericSirhClient } from './generic-sirh.client';
import { GenericSirhConnector } from './generic-sirh.connector';

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface ScriptedSirh {
  url: string;
  answers: Answer[];
  requests: Array<{ method: string; url: string }>;
  close(): Promise<void>;
}

/** A SIRH that gives the scripted answers in order, and records what it was asked. */
async function startScriptedSirh(): Promise<ScriptedSirh> {
  const answers: Answer[] = [];
  const requests: Array<{ method: string; url: string }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    req.resume();
    requests.push({ method: req.method!, url: req.url! });
    const answer = answers.shift() ?? { status: 500, body: { error: 'no answer scripted' } };
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('GenericSirhConnector', () => {
  let sirh: ScriptedSirh;
  let connector: GenericSirhConnector;
  const record = expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord;
  const options = { idempotencyKey: 'hirebridge:test', progress: transientProgress() };

  beforeAll(async () => {
    sirh = await startScriptedSirh();
    connector = new GenericSirhConnector(new GenericSirhClient({ baseUrl: sirh.url, apiKey: 'k', timeoutMs: 5000 }));
  });
  afterAll(() => sirh.close());
  beforeEach(() => {
    sirh.answers.length = 0;
    sirh.requests.length = 0;
  });

  async function failureOf(...answers: Answer[]): Promise<HrisFailure> {
    sirh.answers.push(...answers);
    const err = await connector.pushEmployee(record, options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HrisFailure);
    return err as HrisFailure;
  }

  it('answers created, existing and linked with the HRIS id', async () => {
    sirh.answers.push({ status: 201, body: { id: 'emp_1' } }, { status: 200, body: { id: 'emp_1' } }, { status: 409, body: { id: 7 } });
    expect(await connector.pushEmployee(record, options)).toMatchObject({ kind: 'created', hrisId: 'emp_1', httpStatus: 201 });
    expect(await connector.pushEmployee(record, options)).toMatchObject({ kind: 'existing', hrisId: 'emp_1', httpStatus: 200 });
    expect(await connector.pushEmployee(record, options)).toMatchObject({ kind: 'linked', hrisId: '7', httpStatus: 409 });
  });

  it('links a 409 without id by looking the employee up', async () => {
    sirh.answers.push({ status: 409, body: { error: 'exists' } }, { status: 200, body: [] }, { status: 200, body: [{ id: 'emp_9' }] });
    expect(await connector.pushEmployee(record, options)).toMatchObject({ kind: 'linked', hrisId: 'emp_9' });
    expect(sirh.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it.each([500, 502, 503, 504, 408])('calls HTTP %i retryable', async (status) => {
    expect(await failureOf({ status, body: { error: 'down' } })).toMatchObject({ kind: 'retryable', httpStatus: status });
  });

  it.each([400, 404, 422])('calls HTTP %i permanent', async (status) => {
    expect(await failureOf({ status, body: { error: 'bad' } })).toMatchObject({
      kind: 'permanent',
      httpStatus: status,
      authenticationFailed: false,
    });
  });

  it.each([401, 403])('calls HTTP %i a permanent authentication failure', async (status) => {
    expect(await failureOf({ status, body: { error: 'bad key' } })).toMatchObject({
      kind: 'permanent',
      httpStatus: status,
      authenticationFailed: true,
    });
  });

  it('calls 429 rate-limited, waiting for Retry-After or the default', async () => {
    expect(await failureOf({ status: 429, headers: { 'Retry-After': '7' } })).toMatchObject({ kind: 'rate_limited', delayMs: 7000 });
    expect(await failureOf({ status: 429 })).toMatchObject({ kind: 'rate_limited', delayMs: DEFAULT_RATE_LIMIT_WAIT_MS });
  });

  it("keeps the SIRH's field messages of a 422 for the operator", async () => {
    const failure = await failureOf({
      status: 422,
      body: { error: 'invalid employee', details: [{ field: 'startDate', message: 'required' }] },
    });
    expect(failure.message).toBe('SIRH answered 422: invalid employee');
    expect(failure.fieldErrors).toEqual([{ field: 'startDate', message: 'required' }]);
    expect(failure.responseExcerpt).toContain('startDate');
  });

  it('calls a success without an employee id retryable', async () => {
    expect(await failureOf({ status: 201, body: {} })).toMatchObject({ kind: 'retryable', httpStatus: 201 });
  });

  it('calls an employee id longer than 255 characters permanent', async () => {
    const failure = await failureOf({ status: 201, body: { id: 'x'.repeat(300) } });
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 201 });
    expect(failure.message).toMatch(/300 characters/);
  });

  it('calls a 409 whose employee cannot be found permanent', async () => {
    const failure = await failureOf({ status: 409, body: {} }, { status: 200, body: [] }, { status: 200, body: [] });
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 409 });
  });

  it('classifies a failed lookup by its own answer', async () => {
    expect(await failureOf({ status: 409, body: {} }, { status: 503 })).toMatchObject({ kind: 'retryable', httpStatus: 503 });
  });

  it('calls an unreachable SIRH retryable, without a status', async () => {
    const unreachable = new GenericSirhConnector(new GenericSirhClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k', timeoutMs: 5000 }));
    const err = await unreachable.pushEmployee(record, options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HrisFailure);
    expect(err).toMatchObject({ kind: 'retryable', httpStatus: null });
    expect((err as Error).message).toMatch(/unreachable/);
  });
});
