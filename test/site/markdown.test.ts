import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderMarkdownFully } from '../../core/publish/markdown.ts';

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

  it('does not carry link definitions from one document into the next', () => {
    expect(renderMarkdown('[ref]: https://example.org/a\n\nSee [ref].')).toContain(
      'href="https://example.org/a"',
    );
    expect(renderMarkdown('See [ref].')).toBe('<p>See [ref].</p>');
  });

  it('renders plain prose exactly as the full parser and sanitizer do', () => {
    // Pieces of prose and of every Markdown construct, mixed at random (a fixed seed).
    const pieces = [
      ...[
        'Word',
        'night',
        'façade',
        ' ',
        ' ',
        '\n',
        '\n\n',
        '.',
        ',',
        ';',
        ':',
        '!',
        '?',
        "'",
        '"',
        '(',
        ')',
      ],
      ...[
        '%',
        '/',
        '+',
        '-',
        '7',
        '‘',
        '’',
        '“',
        '”',
        '–',
        '—',
        '…',
        'www.',
        'http',
        '://',
        '*',
        '_',
        '<',
        '&',
      ],
      ...['#', '=', '>', '|', '~', '`', '[', ']', '\\', '@', '\t', '1. ', '- ', '    '],
      // Lines that start with a number: prose ("300 orders"), or an ordered list's item.
      ...['\n7', '\n42 ', '\n300', '\n1.', '\n2)', '\n3.5', '\n٣', '\n10000000000.', '\n1)\n', '\n\n9'],
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const differ: string[] = [];
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const length = 1 + Math.floor(random() * 24);
      for (let j = 0; j < length; j++)
        text += pieces[Math.floor(random() * (random() < 0.8 ? 29 : pieces.length))];
      if (renderMarkdown(text) !== renderMarkdownFully(text)) differ.push(text);
    }
    expect(differ).toEqual([]);
  });
});
