import SwaggerParser from '@apidevtools/swagger-parser';
import { TestApp, startTestApp } from '../support/test-app';
import { ops } from '../support/dashboard-helpers';

type Schema = { $ref?: string; properties?: Record<string, unknown>; type?: string; items?: Schema; allOf?: Schema[] };

/** /docs-json is a valid OpenAPI document, and every JSON answer in it has a schema a client can be generated from. */
describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: any;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.get('/docs-json', ops);
    expect(res.status).toBe(200);
    doc = await res.json();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('passes a standard OpenAPI validator', async () => {
    // validate() resolves and checks every $ref against the OpenAPI schema of the document's version.
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
  });

  it('gives every JSON answer a schema with properties or a $ref to one', () => {
    const bare: string[] = [];
    const undescribed: string[] = [];
    let jsonAnswers = 0;
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        // Every success says what it carries: JSON, or the metrics' text (a 204 carries nothing).
        for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
          if (/^2/.test(status) && status !== '204' && !response.content) undescribed.push(`${method.toUpperCase()} ${path} ${status}`);
        }
        for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
          const schema: Schema | undefined = response.content?.['application/json']?.schema;
          if (!response.content?.['application/json']) continue;
          jsonAnswers++;
          const target = schema?.type === 'array' ? schema.items : schema;
          if (!target || !(target.$ref || (target.properties && Object.keys(target.properties).length > 0) || target.allOf)) {
            bare.push(`${method.toUpperCase()} ${path} ${status}`);
          }
        }
      }
    }
    expect(undescribed).toEqual([]);
    // 10 operations answer JSON on success (all but /metrics), plus their documented errors.
    expect(jsonAnswers).toBeGreaterThanOrEqual(11);
    expect(bare).toEqual([]);
    expect(Object.keys(doc.paths['/metrics'].get.responses['200'].content)[0]).toMatch(/^text\/plain/);
  });

  it('resolves each $ref to a schema with properties', async () => {
    const resolved: any = await SwaggerParser.dereference(structuredClone(doc));
    const job = resolved.paths['/api/sync-jobs/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(job.properties)).toEqual(expect.arrayContaining(['id', 'status', 'attempts', 'events', 'outcome', 'foundName']));
    expect(Object.keys(job.properties.attempts.items.properties)).toEqual(expect.arrayContaining(['attemptNo', 'fieldErrors']));
    expect(Object.keys(job.properties)).toEqual(expect.arrayContaining(['source', 'writeBackStatus', 'writeBackDetail']));
    const list = resolved.paths['/api/sync-jobs'].get.responses['200'].content['application/json'].schema;
    const row = list.properties.items.items;
    expect(Object.keys(row.properties)).toEqual(expect.arrayContaining(['source', 'writeBack', 'connectionId', 'provider', 'notices']));
    expect(row.properties.source.enum).toEqual(['webhook', 'flatchr-api']);
    const writeBack = row.properties.writeBack.allOf?.[0] ?? row.properties.writeBack;
    expect(Object.keys(writeBack.properties)).toEqual(['status', 'detail']);
    const backfill = resolved.paths['/api/connections/{id}/backfill/{backfillId}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(backfill.properties)).toEqual(expect.arrayContaining(['status', 'found', 'created', 'duplicates', 'failed']));
  });
});
