import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { bodyOfForm, emptyForm, FormValues, refusalOf, secretsOfForm, valuesOfForm } from './connection-form';
import { translator } from './i18n/i18n';

const t = translator('en');
const form = (over: Partial<FormValues> = {}): FormValues => ({
  ...emptyForm(),
  name: 'Acme',
  provider: 'generic-sirh',
  companyIds: '101',
  baseUrl: 'http://127.0.0.1:9',
  ...over,
});

describe('connection form', () => {
  it('reads the posted fields; an unchecked box is false; secrets are not among the values', () => {
    const v = valuesOfForm({ name: 'Acme', provider: 'lucca', companyIds: '1,2', settings: '{}', 'secret.lucca.apiKey': 'k' });
    expect(v).toEqual({
      name: 'Acme',
      provider: 'lucca',
      companyIds: '1,2',
      baseUrl: '',
      requestsPerMinute: '',
      enabled: false,
      settings: '{}',
    });
    expect(JSON.stringify(v)).not.toContain('"k"');
  });

  it("takes the chosen provider's secrets and the optional ones, never another provider's or an empty one", () => {
    const posted = {
      'secret.personio.clientId': 'id',
      'secret.personio.clientSecret': '',
      'secret.hibob.token': 'other',
      'secret.flatchrApiKey': 'flatchr',
    };
    expect(secretsOfForm(posted, 'personio')).toEqual({ clientId: 'id', flatchrApiKey: 'flatchr' });
  });

  it('builds the API body: ids split on commas and spaces, default budget, empty base URL cleared on a change only', async () => {
    const created = await bodyOfForm(form({ companyIds: ' 101, 102 ;103 ', baseUrl: '' }), { apiKey: 'k' }, 'create', t);
    expect(created).toEqual({
      body: expect.objectContaining({ companyIds: ['101', '102', '103'], requestsPerMinute: null, settings: {} }),
    });
    expect('body' in created && created.body.baseUrl).toBeUndefined();
    const updated = await bodyOfForm(form({ baseUrl: '', requestsPerMinute: '25' }), undefined, 'update', t);
    expect(updated).toEqual({ body: expect.objectContaining({ baseUrl: null, requestsPerMinute: 25 }) });
    expect('body' in updated && updated.body.credentials).toBeUndefined();
  });

  it('refuses settings that are not a JSON object, and what the DTO refuses, field by field', async () => {
    expect(await bodyOfForm(form({ settings: '[1]' }), {}, 'create', t)).toEqual({
      errors: [{ field: 'settings', message: 'must be a JSON object, such as {"companyId": "123"}' }],
    });
    const notJson = await bodyOfForm(form({ settings: '{' }), {}, 'create', t);
    expect(notJson).toEqual({ errors: [{ field: 'settings', message: expect.stringMatching(/^is not valid JSON \(/) }] });
    const bad = await bodyOfForm(form({ name: ' ', requestsPerMinute: '1.5', baseUrl: 'ftp://x' }), {}, 'create', t);
    expect('errors' in bad && bad.errors).toEqual([
      { field: 'requestsPerMinute', message: 'must be a whole number, 1 or more' },
      { field: 'name', message: 'name should not be empty' },
      { field: 'baseUrl', message: 'baseUrl must be an http(s) URL' },
    ]);
  });

  it("turns the service's 400 and 409 into field messages, and rethrows anything else", () => {
    const fields = [{ field: 'credentials.apiKey', message: 'is required for generic-sirh' }];
    expect(refusalOf(new BadRequestException({ message: ['x'], fields }), t)).toEqual({ status: 400, errors: fields });
    const conflict = new ConflictException({ conflicts: [{ companyId: '7', connectionId: 'c', connectionName: 'Other' }] });
    expect(refusalOf(conflict, t)).toEqual({
      status: 409,
      errors: [{ field: 'companyIds', message: 'company 7 is already served by the enabled connection “Other”' }],
    });
    expect(() => refusalOf(new NotFoundException(), t)).toThrow(NotFoundException);
  });
});
