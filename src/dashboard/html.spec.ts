import { escapeHtml, html, queryString, raw } from './html';

describe('html template helper', () => {
  it('escapes every interpolated value', () => {
    const name = '<img src=x onerror=alert(1)>';
    expect(html`<td>${name}</td>`.value).toBe('<td>&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html`<a title="${'" onmouseover="x'}">`.value).toBe('<a title="&quot; onmouseover=&quot;x">');
    expect(escapeHtml(`'\`&`)).toBe('&#39;&#96;&amp;');
  });

  it('keeps nested templates and raw markup, joins arrays, drops null/undefined/false', () => {
    const rows = ['a<', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${rows}</ul>${null}${undefined}${false}${raw('<br>')}`.value).toBe('<ul><li>a&lt;</li><li>b</li></ul><br>');
    expect(html`${0}`.value).toBe('0');
  });

  it('builds query strings from non-empty values', () => {
    expect(queryString({ status: 'failed', q: 'a&b', from: '', to: undefined })).toBe('?status=failed&q=a%26b');
    expect(queryString({})).toBe('');
  });
});
