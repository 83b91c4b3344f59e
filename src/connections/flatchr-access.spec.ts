import { flatchrAccessOf, validateFlatchrSettings } from './flatchr-access';

describe('Flatchr access of a connection', () => {
  it('accepts the documented settings and refuses others field by field', () => {
    expect(validateFlatchrSettings({})).toEqual([]);
    expect(validateFlatchrSettings({ flatchrCompanyKey: 'G6KzqPnNLyp31m0l', flatchrWriteBack: 'comment' })).toEqual([]);
    expect(validateFlatchrSettings({ flatchrCompanyKey: 'G6KzqPnNLyp31m0l', flatchrWriteBack: 'tag' })).toEqual([]);
    expect(validateFlatchrSettings({ flatchrWriteBack: 'off' })).toEqual([]);
    expect(validateFlatchrSettings({ flatchrCompanyKey: 'G6KzqPnNLyp31m0l', flatchrWriteBack: 'email' })).toEqual([
      { field: 'settings.flatchrWriteBack', message: 'must be one of off, comment, tag' },
    ]);
    expect(validateFlatchrSettings({ flatchrWriteBack: 'comment' })).toEqual([
      expect.objectContaining({ field: 'settings.flatchrWriteBack' }),
    ]);
    expect(validateFlatchrSettings({ flatchrCompanyKey: 'no spaces/slashes' })).toEqual([
      expect.objectContaining({ field: 'settings.flatchrCompanyKey' }),
    ]);
  });

  it('needs both the company key and the API key; write-back off unless set, its user only when complete', () => {
    const settings = { flatchrCompanyKey: ' G6KzqPnNLyp31m0l ' };
    expect(flatchrAccessOf({ credentials: { apiKey: 'x' }, settings })).toBeNull();
    expect(flatchrAccessOf({ credentials: { flatchrApiKey: 'k' }, settings: {} })).toBeNull();
    expect(flatchrAccessOf({ credentials: { flatchrApiKey: 'k', flatchrUserEmail: 'a@b.c' }, settings })).toEqual({
      companyKey: 'G6KzqPnNLyp31m0l',
      apiKey: 'k',
      user: null,
      writeBack: 'off',
    });
    expect(
      flatchrAccessOf({
        credentials: { flatchrApiKey: 'k', flatchrUserEmail: 'a@b.c', flatchrUserPassword: 'p' },
        settings: { ...settings, flatchrWriteBack: 'comment' },
      }),
    ).toMatchObject({ user: { email: 'a@b.c', password: 'p' }, writeBack: 'comment' });
  });
});
