import { stripHtml } from './html';

describe('stripHtml', () => {
  it('trims plain text', () => {
    expect(stripHtml('Account Executive ')).toBe('Account Executive');
  });

  it('returns null for null, undefined, empty and tag-only input', () => {
    expect(stripHtml(null)).toBeNull();
    expect(stripHtml(undefined)).toBeNull();
    expect(stripHtml('')).toBeNull();
    expect(stripHtml('   ')).toBeNull();
    expect(stripHtml('<p></p>')).toBeNull();
    expect(stripHtml('<p>&nbsp;</p>')).toBeNull();
  });

  it('removes tags and leaves a space where a block or <br> ended', () => {
    expect(stripHtml('<p>Gerer les differentes intervetions pour les patients</p>')).toBe(
      'Gerer les differentes intervetions pour les patients',
    );
    expect(stripHtml('<div>Établir un devis<br>Négocier un contrat<br/>Vendre</div>')).toBe('Établir un devis Négocier un contrat Vendre');
    expect(stripHtml('<p>one</p><p>two</p>')).toBe('one two');
    expect(stripHtml('<ul><li>a</li><li>b</li></ul>')).toBe('a b');
  });

  it('does not split words at inline tags', () => {
    expect(stripHtml('Account <b>Exec</b>utive')).toBe('Account Executive');
    expect(stripHtml('<a href="https://x.io/?a=1&amp;b=2" target="_blank">Prendre un rendez-vous</a>&nbsp;')).toBe(
      'Prendre un rendez-vous',
    );
  });

  it('keeps line breaks when asked', () => {
    expect(stripHtml('<p>one</p>\n<p>two  <br>three</p><p></p>', { keepLineBreaks: true })).toBe('one\ntwo\nthree');
  });

  it('decodes common entities', () => {
    expect(stripHtml('R&amp;D &lt;Paris&gt; &quot;senior&quot; l&#39;équipe&nbsp;x')).toBe('R&D <Paris> "senior" l\'équipe x');
    expect(stripHtml('caf&eacute; &#233;t&#xE9; &#X2019; &euro;')).toBe('café été ’ €');
  });

  it('decodes only once and does not strip decoded tags', () => {
    expect(stripHtml('&amp;lt;b&amp;gt;')).toBe('&lt;b&gt;');
    expect(stripHtml('&lt;b&gt;bold&lt;/b&gt;')).toBe('<b>bold</b>');
  });

  it('leaves unknown or invalid entities as text', () => {
    expect(stripHtml('&unknownent; &#0; &#xD800; &#99999999; & AT&T')).toBe('&unknownent; &#0; &#xD800; &#99999999; & AT&T');
  });

  it("keeps a '<' that does not start a tag", () => {
    expect(stripHtml('a < b and c > d')).toBe('a < b and c > d');
    expect(stripHtml('I <3 Flatchr')).toBe('I <3 Flatchr');
  });

  it('keeps text after an unclosed tag start', () => {
    expect(stripHtml('Sales <b')).toBe('Sales <b');
  });

  it('drops comments', () => {
    expect(stripHtml('a<!-- <p>hidden</p> -->b')).toBe('ab');
  });

  it('collapses all kinds of white space', () => {
    expect(stripHtml(' a\t\n b\u00a0\u00a0c ')).toBe('a b c');
  });

  describe('on 1 MB inputs (must complete: linear work only)', () => {
    const MB = 1024 * 1024;
    // Each with the text it must give, with and without line breaks: the scanner must finish AND be right.
    it.each([
      // A '<' that never closes a tag is text, as in 'Sales <b'.
      ['only <', '<'.repeat(MB), '<'.repeat(MB), '<'.repeat(MB)],
      ['unclosed tag starts', '<a'.repeat(MB / 2), '<a'.repeat(MB / 2), '<a'.repeat(MB / 2)],
      // An unclosed comment hides the rest, as browsers do.
      ['unclosed comments', '<!--'.repeat(MB / 4), null, null],
      [
        'many tags',
        '<p>x</p>'.repeat(MB / 8),
        Array(MB / 8)
          .fill('x')
          .join(' '),
        Array(MB / 8)
          .fill('x')
          .join('\n'),
      ],
      // One tag from the first '<' to the only '>'.
      ['many br', '<br'.repeat(MB / 3) + '>', null, null],
      ['ampersands', '&'.repeat(MB), '&'.repeat(MB), '&'.repeat(MB)],
      ['almost-entities', '&#12345678'.repeat(MB / 10), '&#12345678'.repeat(MB / 10), '&#12345678'.repeat(MB / 10)],
      ['white space', ' '.repeat(MB) + 'x', 'x', 'x'],
    ])('%s', (_name, input, text, withBreaks) => {
      expect(stripHtml(input) === text).toBe(true);
      expect(stripHtml(input, { keepLineBreaks: true }) === withBreaks).toBe(true);
    });

    it('gives the text of many tags', () => {
      const result = stripHtml('<p>x</p>'.repeat(1000));
      expect(result).toBe(Array(1000).fill('x').join(' '));
    });
  });
});
