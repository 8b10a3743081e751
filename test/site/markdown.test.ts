import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../core/markdown.ts';

describe('renderMarkdown', () => {
  it('renders GitHub-flavoured Markdown', () => {
    const html = renderMarkdown('Some **bold** and `code`.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n- [x] done');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<td>1</td>');
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*checked/);
  });

  it('keeps http links, marked rel, and turns case headings into h3', () => {
    const html = renderMarkdown('# Title\n\n[postmortem](https://example.org/pm)');
    expect(html).toContain('<h3>Title</h3>');
    expect(html).toContain(
      '<a href="https://example.org/pm" rel="noopener noreferrer nofollow">postmortem</a>',
    );
  });

  it.each([
    ['<script>alert(1)</script>', /<script/i],
    ['<img src=x onerror="alert(1)">', /<img/i],
    ['<svg onload="alert(1)"></svg>', /<svg/i],
    ['[x](javascript:alert(1))', /href="javascript:/i],
    ['[x](JaVaScRiPt:alert(1))', /href="javascript:/i],
    ['<a href="javascript:alert(1)">x</a>', /<a href="javascript:/i],
    ['[x](data:text/html,<script>alert(1)</script>)', /href="data:/i],
    ['<iframe src="https://evil.example"></iframe>', /<iframe/i],
    ['<div style="background:url(javascript:alert(1))">x</div>', /<div/i],
  ])('leaves nothing runnable of %s', (input, forbidden) => {
    const html = renderMarkdown(input);
    expect(html).not.toMatch(forbidden);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
  });

  it('keeps the text of raw HTML visible as text', () => {
    expect(renderMarkdown('<b>bold?</b>')).toContain('&lt;b&gt;bold?&lt;/b&gt;');
  });
});
