import { fixture, hiredDelivery } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';
import { deliver, ops, waitForStatus } from '../support/dashboard-helpers';

/** Texts that are catalog keys, i.e. a key the catalogs lack. */
const RAW_KEY = /\b(layout|status|notices|overview|jobs|job|timeline|deliveries)\.[a-z][A-Za-z]+\b/;

/**
 * The dashboard in the operator's language and zone, on the real service: language from
 * Accept-Language, ?lang= and its cookie; times in DISPLAY_TIMEZONE; failures in words; linked hires.
 */
describe('dashboard in French and English', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // A long back-off keeps the 503'd job waiting for its retry while the page is looked at.
    t = await startTestApp({ SYNC_MAX_ATTEMPTS: '3', SYNC_BACKOFF_MS: '600000', HIRED_COLUMN_IDS: 'Signé' });
    ids.ok = (await deliver(t, hiredDelivery(9601, { email: 'shared.9601@example.com' }))).syncJobId!;
    await waitForStatus(t, ids.ok, ['succeeded']);

    t.sirh.enqueueFaults({
      status: 422,
      body: { error: 'validation_failed', details: [{ field: 'startDate', message: 'is required by this HRIS' }] },
    });
    ids.refused = (await deliver(t, hiredDelivery(9602))).syncJobId!;
    await waitForStatus(t, ids.refused, ['failed']);

    // Same email as 9601, another candidate: the SIRH answers 409 and the hire is linked to 9601's employee.
    ids.linked = (await deliver(t, hiredDelivery(9603, { email: 'shared.9601@example.com' }))).syncJobId!;
    await waitForStatus(t, ids.linked, ['succeeded']);

    t.sirh.enqueueFaults({ status: 503, body: { error: 'maintenance' } });
    ids.retrying = (await deliver(t, hiredDelivery(9604))).syncJobId!;
    await waitForStatus(t, ids.retrying, ['retrying']);

    ids.ignored = (await deliver(t, fixture('drag_applicant'))).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await t.get(path, { ...ops, ...headers });
    expect(res.status).toBe(200);
    return { res, body: await res.text() };
  };

  it('speaks the language of Accept-Language, in <html lang> and every text', async () => {
    const fr = await page('/dashboard', { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' });
    expect(fr.body).toContain('<html lang="fr">');
    expect(fr.body).toContain('<h1>Synchronisations</h1>');
    expect(fr.body).toContain("Taux d'échec, 7 jours".replace("'", '&#39;'));
    expect(fr.res.headers.get('vary')).toMatch(/Accept-Language/);
    const en = await page('/dashboard', { 'accept-language': 'de-DE' });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('<h1>Sync jobs</h1>');
    for (const lang of ['fr', 'en']) {
      for (const path of [
        '/dashboard',
        '/dashboard/deliveries',
        ...Object.values(ids)
          .slice(0, 4)
          .map((id) => `/dashboard/jobs/${id}`),
      ]) {
        const { body } = await page(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect({ path, lang, raw: RAW_KEY.exec(body)?.[0] ?? null }).toEqual({ path, lang, raw: null });
        expect(body).toContain(`<html lang="${lang}">`);
      }
    }
  });

  it('switches with ?lang=, remembers it in a cookie, and the refreshed fragments follow', async () => {
    const { res, body } = await page('/dashboard?lang=fr&status=failed', { 'accept-language': 'en' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^hb_lang=fr;.*Path=\/dashboard/);
    // The switch links keep the page's filters.
    expect(body).toContain('href="/dashboard?lang=en&amp;status=failed" hreflang="en"');
    expect(body).toContain('href="/dashboard?lang=fr&amp;status=failed" hreflang="fr" lang="fr" data-lang="fr" aria-current="true"');
    const headers = { cookie: cookie.split(';')[0], 'accept-language': 'en' };
    expect((await page('/dashboard/deliveries', headers)).body).toContain('<html lang="fr">');
    expect((await page('/dashboard/fragments/overview', headers)).body).toContain('Synchronisées, 24 h');
    expect((await page('/dashboard/fragments/jobs', headers)).body).toContain('<th>Candidat</th>');
    expect((await page(`/dashboard/fragments/jobs/${ids.refused}`, headers)).body).toContain('Le SIRH a refusé 1 champ :');
  });

  it('shows times in DISPLAY_TIMEZONE (Europe/Paris by default) with the UTC value on hover', async () => {
    await t.db.query(
      `UPDATE deliveries SET received_at = '2026-01-15T08:05:09Z' WHERE id = (SELECT delivery_id FROM sync_jobs WHERE id = $1)`,
      [ids.ok],
    );
    const { body } = await page(`/dashboard/jobs/${ids.ok}?lang=fr`);
    expect(body).toContain('<time datetime="2026-01-15T08:05:09.000Z" title="2026-01-15 08:05:09 UTC">15/01/2026 09:05:09</time>');
    const en = await page(`/dashboard?lang=en&q=9601`);
    expect(en.body).toContain('title="2026-01-15 08:05:09 UTC">15/01/2026, 09:05:09</time>');
  });

  it("lists the HRIS's field errors, kept on the attempt, and explains Retry and Replay", async () => {
    const attempt = (await t.db.query('SELECT field_errors FROM sync_attempts WHERE sync_job_id = $1', [ids.refused])).rows[0];
    expect(attempt.field_errors).toEqual([{ field: 'startDate', message: 'is required by this HRIS' }]);
    const en = (await page(`/dashboard/jobs/${ids.refused}?lang=en`)).body;
    expect(en).toContain('The HRIS refused 1 field:');
    expect(en).toContain('<li><code>startDate</code>: is required by this HRIS</li>');
    expect(en).toContain('<summary>Retry or Replay?</summary>');
    expect(en).toContain('Retry (failed jobs only) tries the HRIS again with a fresh set of 3 attempts.');
    const fr = (await page(`/dashboard/jobs/${ids.refused}?lang=fr`)).body;
    expect(fr).toContain('<li><code>startDate</code> : is required by this HRIS</li>');
    expect(fr).toContain('<summary>Réessayer ou rejouer ?</summary>');
    expect(fr).toContain('id="retry">Réessayer</button>');
  });

  it('says when a retrying job runs next and gives up, from the queue', async () => {
    const before = Date.now();
    const { body } = await page(`/dashboard/jobs/${ids.retrying}?lang=en`);
    const line = /<p id="retry-schedule">(.*?)<\/p>/.exec(body)![1];
    expect(line.replace(/<[^>]+>/g, '')).toMatch(/^Attempt 1 of 3 failed; attempt 2 at \d\d:\d\d, gives up at \d\d:\d\d at the latest\.$/);
    const [nextAt, givesUp] = [...line.matchAll(/datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]));
    // BullMQ waits 600 s after the first failure, shortened by up to half by jitter; then 1200 s at most, plus two time-outs.
    expect(nextAt - before).toBeGreaterThan(290_000);
    expect(nextAt - before).toBeLessThanOrEqual(600_000);
    expect(givesUp - nextAt).toBe(1000 + 1_200_000 + 1000);
    const fr = (await page(`/dashboard/jobs/${ids.retrying}?lang=fr`)).body;
    expect(/<p id="retry-schedule">(.*?)<\/p>/.exec(fr)![1].replace(/<[^>]+>/g, '')).toMatch(
      /^Essai 1 sur 3 en échec ; essai 2 à \d\d:\d\d, abandon à \d\d:\d\d au plus tard\.$/,
    );
  });

  it('shows a linked hire with its own badge, and warns when the HRIS holds another name', async () => {
    const row = (await t.db.query('SELECT outcome, found_name, status FROM sync_jobs WHERE id = $1', [ids.linked])).rows[0];
    expect(row).toEqual({ outcome: 'linked', found_name: null, status: 'succeeded' });
    let body = (await page(`/dashboard/jobs/${ids.linked}?lang=en`)).body;
    expect(body).toContain('<span class="status status-linked" data-status="linked">linked</span>');
    expect(body).not.toContain('status-succeeded');
    expect(body).toContain('The HRIS already had someone with this email');
    expect(body).not.toContain('names-differ');
    // What a connector that reads the name back stores (sync_jobs.found_name).
    await t.db.query(`UPDATE sync_jobs SET found_name = '{"firstName":"Marc","lastName":"Autre"}' WHERE id = $1`, [ids.linked]);
    body = (await page(`/dashboard/jobs/${ids.linked}?lang=fr`)).body;
    expect(body).toContain('data-status="linked">rattaché</span>');
    expect(body).toMatch(/le SIRH a « Marc Autre », Flatchr a envoyé « [^»]+ »/);
    const list = (await page('/dashboard?lang=fr&q=9603')).body;
    expect(list).toContain('data-status="linked">rattaché</span> <span class="warn names-differ">⚠ noms différents</span>');
  });

  it("gives a delivery its job's status, and says why a drag_applicant was ignored", async () => {
    const { body } = await page('/dashboard/deliveries?lang=fr');
    const delivery = (await t.db.query('SELECT delivery_id FROM sync_jobs WHERE id = $1', [ids.refused])).rows[0].delivery_id;
    const row = body.slice(body.indexOf(`data-delivery-id="${delivery}"`));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(
      /class="delivery-status"><span class="status status-failed" data-status="failed">en échec/,
    );
    const ignored = body.slice(body.indexOf(`data-delivery-id="${ids.ignored}"`));
    expect(ignored.slice(0, ignored.indexOf('</tr>'))).toContain(
      'Déplacé vers « Pré-qualification RH », qui n&#39;est pas une colonne d&#39;embauche. Colonnes d&#39;embauche : celles que Flatchr marque « hired », et “Signé” (HIRED_COLUMN_IDS).',
    );
  });
});
