import { randomBytes } from 'node:crypto';
import type { RunningVendorMock } from '../../src/mock-hris/vendor-mock';
import { VENDOR_MOCKS } from '../../src/mock-hris/vendor-mocks';
import { hiredDelivery } from '../support/fixtures';
import { deliver, ops, waitForStatus } from '../support/dashboard-helpers';
import { TestApp, startTestApp } from '../support/test-app';

/** The connection a vendor mock prints at start (`npm run start:mock`), as JSON after "connection:". */
function connectionFromBanner(banner: string): Record<string, unknown> {
  const text = banner.slice(banner.indexOf('connection:') + 'connection:'.length).trimStart();
  for (let end = text.indexOf('}'); end !== -1; end = text.indexOf('}', end + 1)) {
    try {
      return JSON.parse(text.slice(0, end + 1)) as Record<string, unknown>;
    } catch {
      /* not the closing brace yet */
    }
  }
  throw new Error(`no connection JSON in the banner:\n${banner}`);
}

/**
 * Each native connector through the whole pipeline: webhook -> the company's connection -> the
 * vendor's mock (started as `npm run start:mock -- --vendor <name>` starts it), then a second
 * candidate with the same email is linked to the person the first one created, never created twice.
 */
describe.each(VENDOR_MOCKS.map((m) => m.vendor))('%s connector through the pipeline', (vendor) => {
  let t: TestApp;
  let mock: RunningVendorMock & { banner: string };
  const companyId = String(4000 + VENDOR_MOCKS.findIndex((m) => m.vendor === vendor));

  beforeAll(async () => {
    t = await startTestApp({ CREDENTIALS_KEY: randomBytes(32).toString('hex') });
    mock = await VENDOR_MOCKS.find((m) => m.vendor === vendor)!.start({ host: '127.0.0.1', port: 0, extra: {} });
    const printed = connectionFromBanner(mock.banner);
    // Flatchr's example vacancy has contract_type_id 5, which this company calls a CDD.
    const settings = { ...(printed.settings as object), contractTypes: { 5: 'CDD' } };
    const body = { name: `${vendor} tenant`, companyIds: [companyId], ...printed, settings };
    const res = await fetch(`${t.url}/api/connections`, {
      method: 'POST',
      headers: { ...ops, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`connection for ${vendor}: ${res.status} ${await res.text()}`);
  });
  afterAll(async () => {
    await t.close();
    await mock.close();
  });

  it('creates the hire in the vendor, then links a second candidate with the same email', async () => {
    const first = hiredDelivery(61001, { email: `new.hire.${vendor}@example.com` });
    first.company_id = companyId;
    const job = (await deliver(t, first)).syncJobId!;
    const done = await waitForStatus(t, job, ['succeeded', 'failed']);
    expect({ status: done.status, error: done.last_error }).toEqual({ status: 'succeeded', error: null });
    expect(done).toMatchObject({ outcome: 'created', hris_system: vendor });
    expect(done.hris_id).toEqual(expect.any(String));
    // Flatchr's example has no start date: the connection's rule chose one, for HR to confirm.
    expect(done.start_date_to_confirm).toBe(true);
    expect(done.mapped_record.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const second = hiredDelivery(61002, { email: `new.hire.${vendor}@example.com` });
    second.company_id = companyId;
    const again = (await deliver(t, second)).syncJobId!;
    const linked = await waitForStatus(t, again, ['succeeded', 'failed']);
    expect({ status: linked.status, error: linked.last_error, outcome: linked.outcome }).toEqual({
      status: 'succeeded',
      error: null,
      outcome: 'linked',
    });
    expect(linked.hris_id).toBe(done.hris_id);

    const test = await (await fetch(`${t.url}/api/connections`, { headers: ops })).json();
    const id = (test as { items: Array<{ id: string }> }).items[0].id;
    const check = await fetch(`${t.url}/api/connections/${id}/test`, {
      method: 'POST',
      headers: { ...ops, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await check.json()).toMatchObject({ ok: true });
  });
});
