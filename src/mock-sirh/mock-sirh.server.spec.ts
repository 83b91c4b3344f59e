import { MockSirh, startMockSirh } from './mock-sirh.server';

const API_KEY = 'test-key';

/** Response bodies are whatever the mock sent; tests assert on their shape. */
const json = (res: Response): Promise<any> => res.json();

/** Polls `done` (no fixed sleep); fails after 10 s. */
async function waitUntil(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Errors from fetch come from another realm in jest, so `toBeInstanceOf(TypeError)` would not match. */
const FETCH_FAILED = { name: 'TypeError', message: 'fetch failed' };

function hire(overrides: Record<string, unknown> = {}) {
  return {
    externalId: 'flatchr:60:1260',
    firstName: 'Hubert',
    lastName: 'Delajaque',
    email: 'delajaque@mail.com',
    phone: '+33676564523',
    jobTitle: 'Account Executive',
    contractType: 'CDI',
    startDate: '2022-02-01',
    remote: true,
    location: { city: 'Paris', postalCode: '75002', country: 'FR' },
    salary: { amount: 42000, currency: 'EUR', period: 'YEAR' },
    source: {
      ats: 'flatchr',
      companyId: 60,
      candidateId: 1260,
      applicantId: 1474,
      vacancyId: 'a4JL2lpEbydwBXKe',
      vacancyReference: 'Account Executive',
    },
    ...overrides,
  };
}

describe('mock SIRH server', () => {
  let sirh: MockSirh;

  beforeAll(async () => {
    sirh = await startMockSirh({ port: 0, apiKey: API_KEY });
  });
  afterAll(async () => {
    await sirh.close();
  });
  beforeEach(() => sirh.reset());

  /** POST /employees as the service would send it; `init` overrides any part. */
  function post(body: unknown, opts: { key?: string | null; idempotencyKey?: string | null; init?: RequestInit } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.key !== null) headers.authorization = `Bearer ${opts.key ?? API_KEY}`;
    if (opts.idempotencyKey !== null) headers['idempotency-key'] = opts.idempotencyKey ?? 'hire-1';
    return fetch(`${sirh.url}/employees`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...opts.init,
    });
  }

  function get(query: string, key = API_KEY) {
    return fetch(`${sirh.url}/employees${query}`, { headers: { authorization: `Bearer ${key}` } });
  }

  describe('contract', () => {
    it('answers GET /health without auth', async () => {
      const res = await fetch(`${sirh.url}/health`);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ status: 'ok' });
    });

    it('answers 401 without a bearer token and with a wrong key', async () => {
      const missing = await post(hire(), { key: null });
      expect(missing.status).toBe(401);
      expect(await json(missing)).toEqual({ error: expect.any(String) });

      const wrong = await post(hire(), { key: 'nope' });
      expect(wrong.status).toBe(401);
      expect(await json(wrong)).toEqual({ error: 'invalid API key' });

      const lookup = await get('?externalId=x', 'nope');
      expect(lookup.status).toBe(401);
      expect(sirh.employees()).toHaveLength(0);
    });

    it('answers 422 with details for an invalid record, listing every field', async () => {
      const res = await post(
        hire({ firstName: ' ', phone: '0676564523', contractType: 'PERMANENT', startDate: '2022-02-30', email: undefined }),
      );
      expect(res.status).toBe(422);
      const body = await json(res);
      expect(body.error).toBe('invalid employee');
      expect(body.details.map((d: { field: string }) => d.field).sort()).toEqual(
        ['contractType', 'email', 'firstName', 'phone', 'startDate'].sort(),
      );
      expect(body.details[0]).toEqual({ field: expect.any(String), message: expect.any(String) });
    });

    it('accepts nulls for unknown values', async () => {
      const res = await post(hire({ email: null, phone: null, contractType: null, startDate: null }));
      expect(res.status).toBe(201);
    });

    it('answers 400 for malformed JSON and for a missing Idempotency-Key', async () => {
      const malformed = await post('{"externalId": ');
      expect(malformed.status).toBe(400);
      expect(await json(malformed)).toEqual({ error: expect.any(String) });

      const noKey = await post(hire(), { idempotencyKey: null });
      expect(noKey.status).toBe(400);
      expect((await json(noKey)).error).toMatch(/Idempotency-Key/);
    });

    it('answers 415 when the body is not declared as JSON', async () => {
      const res = await post(hire(), {
        init: { headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'text/plain', 'idempotency-key': 'k' } },
      });
      expect(res.status).toBe(415);
    });

    it('answers 413 past 1 MiB', async () => {
      const res = await post(hire({ jobTitle: 'x'.repeat(1024 * 1024) }));
      expect(res.status).toBe(413);
    });

    it('creates with 201, then replays the same Idempotency-Key with 200 and the same id', async () => {
      const first = await post(hire(), { idempotencyKey: 'hire-60-1260' });
      expect(first.status).toBe(201);
      const created = await json(first);
      expect(created).toEqual({ id: 'emp_1', ...hire() });

      const again = await post(hire(), { idempotencyKey: 'hire-60-1260' });
      expect(again.status).toBe(200);
      expect(await json(again)).toEqual(created);
      expect(sirh.employees()).toEqual([{ ...created, createdAt: expect.any(Date) }]);
    });

    it('refuses an Idempotency-Key reused for another person with 422', async () => {
      await post(hire(), { idempotencyKey: 'same' });
      const res = await post(hire({ externalId: 'flatchr:60:9', email: 'other@mail.com' }), { idempotencyKey: 'same' });
      expect(res.status).toBe(422);
      expect(sirh.employees()).toHaveLength(1);
    });

    it('answers 200 with the existing employee for the same externalId under another key', async () => {
      await post(hire(), { idempotencyKey: 'a' });
      const res = await post(hire({ phone: null }), { idempotencyKey: 'b' });
      expect(res.status).toBe(200);
      expect((await json(res)).id).toBe('emp_1');
      expect(sirh.employees()).toHaveLength(1);
    });

    it('answers 409 with the id when another employee has the same email, case-insensitively', async () => {
      const seeded = sirh.seedEmployee({ externalId: 'payroll:42', email: 'Delajaque@Mail.com' });
      expect(seeded.id).toBe('emp_1');
      const res = await post(hire());
      expect(res.status).toBe(409);
      expect(await json(res)).toEqual({ error: 'employee with this email already exists', id: 'emp_1' });
      expect(sirh.employees()).toHaveLength(1);
    });

    it('numbers ids per instance and restarts after reset()', async () => {
      expect((await json(await post(hire(), { idempotencyKey: 'a' }))).id).toBe('emp_1');
      const second = await post(hire({ externalId: 'flatchr:60:2', email: 'b@mail.com' }), { idempotencyKey: 'b' });
      expect((await json(second)).id).toBe('emp_2');
      sirh.reset();
      expect((await json(await post(hire(), { idempotencyKey: 'a' }))).id).toBe('emp_1');
    });

    it('looks employees up by externalId and by email (case-insensitive), empty when none', async () => {
      await post(hire());
      const byExternalId = await get(`?externalId=${encodeURIComponent('flatchr:60:1260')}`);
      expect(byExternalId.status).toBe(200);
      expect(await json(byExternalId)).toEqual([{ id: 'emp_1', ...hire() }]);

      const byEmail = await get(`?email=${encodeURIComponent('DELAJAQUE@mail.com')}`);
      expect((await json(byEmail)).map((e: { id: string }) => e.id)).toEqual(['emp_1']);

      const none = await get('?externalId=flatchr:1:1');
      expect(none.status).toBe(200);
      expect(await json(none)).toEqual([]);
    });

    it('answers 404 JSON for anything else', async () => {
      const res = await fetch(`${sirh.url}/employees/emp_1`, { headers: { authorization: `Bearer ${API_KEY}` } });
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ error: expect.any(String) });
      expect((await fetch(`${sirh.url}/employees`, { method: 'DELETE' })).status).toBe(404);
    });
  });

  describe('faults', () => {
    it('answers a scripted status with its body and headers', async () => {
      sirh.enqueueFaults(
        { status: 503 },
        { status: 422, body: { error: 'bad', details: [{ field: 'x', message: 'y' }] }, headers: { 'X-Trace': 't1' } },
      );
      const unavailable = await post(hire());
      expect(unavailable.status).toBe(503);
      expect(await json(unavailable)).toEqual({ error: expect.any(String) });

      const invalid = await post(hire());
      expect(invalid.status).toBe(422);
      expect(invalid.headers.get('x-trace')).toBe('t1');
      expect(await json(invalid)).toEqual({ error: 'bad', details: [{ field: 'x', message: 'y' }] });
      expect(sirh.employees()).toHaveLength(0);
    });

    it('sends a string body raw, like a proxy error page', async () => {
      sirh.enqueueFaults({ status: 502, body: '<html>Bad Gateway</html>', headers: { 'Content-Type': 'text/html' } });
      const res = await post(hire());
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toBe('text/html');
      expect(await res.text()).toBe('<html>Bad Gateway</html>');
    });

    it('answers 429 with Retry-After', async () => {
      sirh.enqueueFaults({ status: 429, retryAfterSeconds: 7 });
      const res = await post(hire());
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
    });

    it('hangs until the client gives up', async () => {
      sirh.enqueueFaults({ hang: true });
      await expect(post(hire(), { init: { signal: AbortSignal.timeout(200) } })).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(sirh.requests[0].answeredStatus).toBeUndefined();
      expect(sirh.employees()).toHaveLength(0);
    });

    it('resets the connection', async () => {
      sirh.enqueueFaults({ destroy: true });
      const failure = await post(hire()).catch((error: unknown) => error);
      expect(failure).toMatchObject(FETCH_FAILED);
      expect((failure as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
      expect(sirh.employees()).toHaveLength(0);
    });

    it('delays then handles normally, still creating when the client already gave up', async () => {
      sirh.enqueueFaults({ delayMs: 300 });
      const controller = new AbortController();
      const call = post(hire(), { init: { signal: controller.signal } });
      // Give up as soon as the mock holds the request: certainly before its delay ends, however busy the machine.
      await sirh.waitForRequests(1);
      controller.abort();
      await expect(call).rejects.toMatchObject({ name: 'AbortError' });
      expect(sirh.employees()).toHaveLength(0);
      await waitUntil(() => sirh.employees().length === 1);
      expect(sirh.requests[0].answeredStatus).toBe(201);

      // The retry with the same key gets the employee the timed-out attempt created.
      const retry = await post(hire());
      expect(retry.status).toBe(200);
      expect((await json(retry)).id).toBe('emp_1');
    });

    it('holds a request until the test releases it, then handles normally', async () => {
      let release!: () => void;
      sirh.enqueueFaults({ holdUntil: new Promise<void>((resolve) => (release = resolve)) });
      const call = post(hire());
      await sirh.waitForRequests(1);
      // However long it is held, it stays unanswered until released.
      await new Promise((r) => setImmediate(r));
      expect(sirh.requests[0].answeredStatus).toBeUndefined();
      expect(sirh.employees()).toHaveLength(0);
      release();
      expect((await call).status).toBe(201);
      expect(sirh.employees()).toHaveLength(1);
    });

    it('consumes faults in FIFO order, one per POST, then handles normally', async () => {
      sirh.enqueueFaults({ status: 503 }, { status: 429, retryAfterSeconds: 1 });
      sirh.enqueueFaults({ status: 500 });
      // GETs do not consume faults.
      expect((await get('?externalId=x')).status).toBe(200);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(hire())).status);
      expect(statuses).toEqual([503, 429, 500, 201]);
      expect(sirh.requests.filter((r) => r.method === 'POST').map((r) => r.answeredStatus)).toEqual([503, 429, 500, 201]);
    });

    it('applies a fault mode to every POST until cleared, after queued faults', async () => {
      sirh.setFaultMode({ status: 500 });
      sirh.enqueueFaults({ status: 429, retryAfterSeconds: 1 });
      expect((await post(hire())).status).toBe(429);
      expect((await post(hire())).status).toBe(500);
      expect((await post(hire())).status).toBe(500);
      sirh.setFaultMode(null);
      expect((await post(hire())).status).toBe(201);
    });

    it('rejects a malformed fault at the call site', () => {
      expect(() => sirh.enqueueFaults({ hang: false } as never)).toThrow(TypeError);
      expect(() => sirh.setFaultMode({ status: 42 })).toThrow(TypeError);
    });
  });

  describe('fault control endpoint', () => {
    const control = (method: string, body?: unknown, key = API_KEY) =>
      fetch(`${sirh.url}/__faults`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('queues faults given as JSON shapes or text, in order, then answers normally', async () => {
      const set = await control('POST', { faults: ['503x2', { status: 429, retryAfterSeconds: 1 }] });
      expect(set.status).toBe(200);
      expect((await json(set)).queued).toHaveLength(3);

      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const res = await post(hire());
        statuses.push(res.status);
        if (res.status === 429) expect(res.headers.get('retry-after')).toBe('1');
      }
      expect(statuses).toEqual([503, 503, 429, 201]);
      // Control calls are not part of the recorded traffic.
      expect(sirh.requests.map((r) => r.path)).toEqual(Array(4).fill('/employees'));
    });

    it('sets a mode until DELETE clears it, and shows what is in force', async () => {
      await control('POST', { mode: '422' });
      expect((await post(hire())).status).toBe(422);
      expect((await post(hire())).status).toBe(422);
      expect(await json(await control('GET'))).toMatchObject({ queued: [], mode: { status: 422 }, failRate: 0 });
      expect(await json(await control('DELETE'))).toMatchObject({ mode: null });
      expect((await post(hire())).status).toBe(201);
    });

    it('fails every request at fail rate 1 and none at 0', async () => {
      await control('POST', { failRate: 1, failRateFault: '500' });
      expect((await post(hire())).status).toBe(500);
      await control('POST', { failRate: 0 });
      expect((await post(hire())).status).toBe(201);
    });

    it('refuses a bad request whole, leaving the faults as they were', async () => {
      const bad = await control('POST', { faults: ['503'], mode: 'sometimes' });
      expect(bad.status).toBe(400);
      expect((await json(bad)).error).toMatch(/not a fault: "sometimes"/);
      expect((await control('POST', { fautls: ['503'] })).status).toBe(400);
      expect((await control('POST', { failRate: 3 })).status).toBe(400);
      expect(await json(await control('GET'))).toMatchObject({ queued: [], mode: null, failRate: 0 });
    });

    it('needs the API key', async () => {
      expect((await control('POST', { mode: 'hang' }, 'nope')).status).toBe(401);
      expect((await post(hire())).status).toBe(201);
    });
  });

  describe('recording', () => {
    it('records every request with lower-cased headers, query and parsed body', async () => {
      await post(hire(), { idempotencyKey: 'hire-60-1260' });
      await post('not json');
      await get('?email=a%40b.c');
      expect(sirh.requests).toHaveLength(3);
      const [created, malformed, lookup] = sirh.requests;
      expect(created).toMatchObject({
        method: 'POST',
        path: '/employees',
        query: {},
        body: hire(),
        answeredStatus: 201,
        headers: expect.objectContaining({
          'idempotency-key': 'hire-60-1260',
          authorization: `Bearer ${API_KEY}`,
          'content-type': 'application/json',
        }),
      });
      expect(created.receivedAt).toBeInstanceOf(Date);
      expect(malformed).toMatchObject({ body: 'not json', answeredStatus: 400 });
      expect(lookup).toMatchObject({ method: 'GET', query: { email: 'a@b.c' }, body: undefined, answeredStatus: 200 });
    });

    it('waitForRequests resolves once n POST /employees were received, even unanswered', async () => {
      sirh.enqueueFaults({ hang: true });
      const waiting = sirh.waitForRequests(2, 2000);
      const controller = new AbortController();
      const hanging = post(hire(), { init: { signal: controller.signal } }).catch(() => undefined);
      void get('?externalId=x'); // not counted
      await post(hire(), { idempotencyKey: 'second' });
      const received = await waiting;
      expect(received.map((r) => r.headers['idempotency-key'])).toEqual(['hire-1', 'second']);
      controller.abort();
      await hanging;
    });

    it('waitForRequests resolves at once when enough were already received', async () => {
      await post(hire());
      await expect(sirh.waitForRequests(1, 10)).resolves.toHaveLength(1);
    });

    it('waitForRequests rejects with a clear error on timeout', async () => {
      await post(hire());
      await expect(sirh.waitForRequests(3, 50)).rejects.toThrow(
        'mock SIRH: expected at least 3 POST /employees request(s) within 50 ms, got 1',
      );
    });
  });
});

describe('mock SIRH close()', () => {
  it('ends hanging and keep-alive sockets, pending delays and waiters', async () => {
    const sirh = await startMockSirh({ apiKey: API_KEY });
    expect(sirh.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    sirh.enqueueFaults({ hang: true }, { delayMs: 60_000 });
    const send = () =>
      fetch(`${sirh.url}/employees`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'k' },
        body: JSON.stringify(hire()),
      }).catch((error: unknown) => error);
    const hanging = send();
    const delayed = send();
    await sirh.waitForRequests(2, 2000);
    const waiter = sirh.waitForRequests(10, 60_000).catch((error: unknown) => error);

    await sirh.close();
    await sirh.close(); // idempotent

    expect(await hanging).toMatchObject(FETCH_FAILED);
    expect(await delayed).toMatchObject(FETCH_FAILED);
    expect(await waiter).toEqual(new Error('mock SIRH closed while waiting for requests'));
    expect(sirh.employees()).toHaveLength(0);
    await expect(fetch(`${sirh.url}/health`)).rejects.toThrow();
  });

  it('logs one line per request when asked', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const sirh = await startMockSirh({ apiKey: API_KEY, logRequests: true });
    try {
      await fetch(`${sirh.url}/employees`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'k' },
        body: JSON.stringify(hire()),
      });
      await fetch(`${sirh.url}/health`);
      expect(write.mock.calls.map((c) => c[0])).toEqual(['POST /employees 201 emp_1 flatchr:60:1260\n']);
    } finally {
      write.mockRestore();
      await sirh.close();
    }
  });
});
