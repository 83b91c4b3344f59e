import { TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';
import { fixture, hiredDelivery } from '../support/fixtures';

const hook = `/webhooks/flatchr?token=${WEBHOOK_TOKEN}`;

describe('POST /webhooks/flatchr: ingestion', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_BODY_LIMIT_BYTES: '65536' });
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].count);

  it('refuses a missing or wrong token with 401 and stores nothing', async () => {
    const before = await count('SELECT count(*) FROM deliveries');
    expect((await t.post('/webhooks/flatchr', fixture('new_vacancy'))).status).toBe(401);
    expect((await t.post('/webhooks/flatchr?token=wrong-token-wrong-token', fixture('new_vacancy'))).status).toBe(401);
    const bearerWrong = await t.post('/webhooks/flatchr', fixture('new_vacancy'), { headers: { authorization: 'Bearer nope' } });
    expect(bearerWrong.status).toBe(401);
    expect(await count('SELECT count(*) FROM deliveries')).toBe(before);
  });

  it('accepts the token as a Bearer header too', async () => {
    const vacancy = fixture('new_vacancy');
    vacancy.data.vacancy.title = 'Testeur de jeux video senior';
    const res = await t.post('/webhooks/flatchr', vacancy, { headers: { authorization: `Bearer ${WEBHOOK_TOKEN}` } });
    expect(res.status).toBe(202);
    expect((await res.json()).status).toBe('ignored');
  });

  it.each(['new_applicant', 'new_message', 'new_vacancy', 'drag_applicant'] as const)(
    'stores %s and answers 202 ignored, without calling the SIRH',
    async (name) => {
      const res = await t.post(hook, fixture(name));
      expect(res.status).toBe(202);
      const body = await res.json();
      expect(body.status).toBe('ignored');
      const row = (await t.db.query('SELECT event, status, payload, is_hire FROM deliveries WHERE id = $1', [body.id])).rows[0];
      expect(row).toMatchObject({ event: name, status: 'ignored', is_hire: false });
      expect(row.payload).toEqual(fixture(name));
      expect(await count('SELECT count(*) FROM sync_jobs WHERE delivery_id = $1', [body.id])).toBe(0);
    },
  );

  it('stores an unknown event as ignored', async () => {
    const res = await t.post(hook, { event: 'new_comment', company_id: 60, data: { foo: 'bar' } });
    expect(res.status).toBe(202);
    expect((await res.json()).status).toBe('ignored');
  });

  it('answers a redelivery with duplicate, linked to the original', async () => {
    const message = fixture('new_message');
    message.data.text = '<p>Un autre message</p>';
    const first = await (await t.post(hook, message)).json();
    expect(first.status).toBe('ignored');
    const again = await t.post(hook, message);
    expect(again.status).toBe(202);
    const body = await again.json();
    expect(body.status).toBe('duplicate');
    const row = (await t.db.query('SELECT status, duplicate_of FROM deliveries WHERE id = $1', [body.id])).rows[0];
    expect(row).toEqual({ status: 'duplicate', duplicate_of: first.id });
  });

  it('stores the body as it was sent: numbers beyond double precision intact, NUL replaced', async () => {
    const big = await t.post(hook, null, { raw: '{"event":"new_vacancy","company_id":60,"data":{"n":12345678901234567890}}' });
    expect(big.status).toBe(202);
    const row = (await t.db.query(`SELECT payload->'data'->>'n' AS n FROM deliveries WHERE id = $1`, [(await big.json()).id])).rows[0];
    expect(row.n).toBe('12345678901234567890');

    const nul = await t.post(hook, null, { raw: '{"event":"new_message","company_id":60,"data":{"text":"a\\u0000b"}}' });
    expect(nul.status).toBe(202);
    const text = (await t.db.query(`SELECT payload->'data'->>'text' AS text FROM deliveries WHERE id = $1`, [(await nul.json()).id]))
      .rows[0].text;
    expect(text).toBe('a\uFFFDb');
  });

  it('answers 400 for malformed JSON and for a body that is not an object, with no stack trace', async () => {
    const malformed = await t.post(hook, null, { raw: '{"event": "drag_applicant", ' });
    expect(malformed.status).toBe(400);
    const text = await malformed.text();
    expect(text).not.toMatch(/at .*\.js:\d+/);
    for (const raw of ['[1,2,3]', '"hello"', '42', 'null']) {
      const res = await t.post(hook, null, { raw });
      expect(res.status).toBe(400);
    }
    const missingEvent = await t.post(hook, { data: {}, company_id: 1 });
    expect(missingEvent.status).toBe(400);
    expect((await missingEvent.json()).fields[0].field).toBe('event');
  });

  it('answers 413 above the body limit', async () => {
    const big = fixture('new_vacancy');
    big.data.vacancy.description = 'x'.repeat(70 * 1024);
    expect((await t.post(hook, big)).status).toBe(413);
  });

  it('answers 422 field by field when a hire lacks what a hire needs, and keeps it as rejected', async () => {
    const body = hiredDelivery(990001);
    delete body.data.candidate.firstname;
    body.data.candidate.lastname = '';
    delete body.data.applicant_id;
    delete body.data.applicant.id;
    const res = await t.post(hook, body);
    expect(res.status).toBe(422);
    const answer = await res.json();
    const fields = answer.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['data.applicant_id', 'data.candidate.firstname', 'data.candidate.lastname']);
    const row = (await t.db.query('SELECT status FROM deliveries WHERE id = $1', [answer.id])).rows[0];
    expect(row.status).toBe('rejected');
    expect(await count('SELECT count(*) FROM sync_jobs')).toBe(0);
    expect(t.sirh.requests.length).toBe(0);
  });

  it('does not treat an unflagged column as hired when HIRED_COLUMN_IDS is empty', async () => {
    // Not configured here: a move to "Pré-qualification RH" stays ignored. A move of its own (a
    // later updated_at), so that 'duplicate' of the earlier example cannot stand in for 'ignored'.
    const move = fixture('drag_applicant');
    move.data.applicant.updated_at = '2022-03-01T09:30:00.000Z';
    const res = await t.post(hook, move);
    expect(res.status).toBe(202);
    const answer = await res.json();
    expect(answer.status).toBe('ignored');
    expect((await t.db.query('SELECT is_hire FROM deliveries WHERE id = $1', [answer.id])).rows[0].is_hire).toBe(false);
    expect(await count('SELECT count(*) FROM sync_jobs WHERE delivery_id = $1', [answer.id])).toBe(0);
  });
});

describe('POST /webhooks/flatchr: HIRED_COLUMN_IDS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ HIRED_COLUMN_IDS: '999, pré-qualification rh' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('treats a move into a listed column (by title, case-insensitive) as a hire and syncs it', async () => {
    const res = await t.post(hook, fixture('drag_applicant'));
    expect(res.status).toBe(202);
    const answer = await res.json();
    expect(answer.status).toBe('queued');
    const job = await t.waitFor(async () => {
      const row = (await t.db.query('SELECT status, hris_id FROM sync_jobs WHERE delivery_id = $1', [answer.id])).rows[0];
      return row?.status === 'succeeded' ? row : null;
    }, 'the listed-column hire to sync');
    expect(job.hris_id).toBe('emp_1');
    expect(t.sirh.employees().map((e) => e.externalId)).toEqual(['flatchr:60:1260']);
  });
});

describe('POST /webhooks/flatchr: deliveries arriving together', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].count);

  it('stores deliveries that arrive together once each: every hire with its job, a copy as duplicate', async () => {
    const hires = Array.from({ length: 40 }, (_, i) => hiredDelivery(770000 + i));
    const message = fixture('new_message');
    message.data.text = '<p>Envoyé trois fois en même temps</p>';
    const answers = await Promise.all(
      [...hires, message, message, message].map(async (body) => {
        const res = await t.post(hook, body);
        return { status: res.status, body: await res.json() };
      }),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const hireAnswers = answers.slice(0, 40).map((a) => a.body);
    expect(hireAnswers.every((b) => b.status === 'queued')).toBe(true);
    expect(new Set(hireAnswers.map((b) => b.syncJobId)).size).toBe(40);
    const copies = answers.slice(40).map((a) => a.body);
    const original = copies.find((b) => b.status === 'ignored');
    expect(copies.filter((b) => b.status === 'duplicate').map((b) => b.duplicateOf)).toEqual([original.id, original.id]);

    const ids = hireAnswers.map((b) => b.id);
    expect(await count('SELECT count(*) FROM sync_jobs WHERE delivery_id = ANY($1)', [ids])).toBe(40);
    // Queued together, pushed one by one: every hire reaches the SIRH once.
    await t.waitFor(
      async () => (await count(`SELECT count(*) FROM sync_jobs WHERE delivery_id = ANY($1) AND status = 'succeeded'`, [ids])) === 40,
      '40 hires to be synced',
    );
    const candidates = t.sirh.requests.filter((r) => r.method === 'POST').map((r) => (r.body as { externalId?: string }).externalId);
    expect(new Set(candidates).size).toBe(candidates.length);
  });

  it('refuses a body Postgres cannot store with 400, without failing the deliveries stored beside it', async () => {
    const good = Array.from({ length: 6 }, (_, i) => {
      const body = fixture('new_vacancy');
      body.data.vacancy.title = `Poste ${i} (lot mixte)`;
      return JSON.stringify(body);
    });
    // A NUL in a key: JSON allows it, Postgres' jsonb does not.
    const bad = '{"event":"new_message","company_id":60,"data":{"a\\u0000b":1}}';
    const statuses = await Promise.all([...good, bad].map(async (raw) => (await t.post(hook, null, { raw })).status));
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 400]);
  });
});
