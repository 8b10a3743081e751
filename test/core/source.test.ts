/** Source positions, frontmatter, sections and slugs. */
import { describe, expect, it } from 'vitest';
import { locate, parseSource, positionOf } from '../../core/parse/source.ts';
import { sectionsOf, sectionsOfFully } from '../../core/publish/markdown-parse.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('parseSource and locate', () => {
  const yaml = [
    'id: FC-0001',
    'title: "A title"',
    'system:',
    '  model: fraud-gbm',
    '  components: [api, store]',
    'root_causes:',
    '  - layer: data',
    '    description: late partition',
    '',
  ].join('\n');

  it('locates values, keys and list items in a YAML file', () => {
    const src = parseSource('c.yaml', encode(yaml));
    expect(src.findings).toEqual([]);
    expect(locate(src, ['id'])).toEqual({ line: 1, column: 5 });
    expect(locate(src, ['title'])).toEqual({ line: 2, column: 8 });
    expect(locate(src, ['system', 'model'])).toEqual({ line: 4, column: 10 });
    expect(locate(src, ['system', 'model'], true)).toEqual({ line: 4, column: 3 });
    expect(locate(src, ['system', 'components', 1])).toEqual({ line: 5, column: 21 });
    expect(locate(src, ['root_causes', 0, 'description'])).toEqual({ line: 8, column: 18 });
  });

  it('offsets positions in frontmatter by the opening fence', () => {
    const src = parseSource('c.md', encode(`---\n${yaml}---\n\n## Diagnosis\n\ntext\n`));
    expect(src.format).toBe('markdown');
    expect(src.yamlLineOffset).toBe(1);
    expect(locate(src, ['id'])).toEqual({ line: 2, column: 5 });
    expect(locate(src, ['root_causes', 0, 'layer'])).toEqual({ line: 8, column: 12 });
    expect(src.bodyLine).toBe(11);
    expect(src.body.split('\n')[1]).toBe('## Diagnosis');
  });

  it('falls back to the deepest part of the path that exists', () => {
    const src = parseSource('c.yaml', encode(yaml));
    // Missing key under an existing mapping: the mapping's value.
    expect(locate(src, ['system', 'model_version'])).toEqual({ line: 4, column: 3 });
    // Index past the end of a list: the list.
    expect(locate(src, ['root_causes', 5, 'layer'])).toEqual({ line: 7, column: 3 });
    // Missing top-level key: the document start.
    expect(locate(src, ['nope'])).toEqual({ line: 1, column: 1 });
    // Path into a scalar: the scalar.
    expect(locate(src, ['id', 'deeper'])).toEqual({ line: 1, column: 5 });
    expect(locate(src, [])).toEqual({ line: 1, column: 1 });
  });

  it('positions a syntax error in frontmatter on the file line', () => {
    const src = parseSource('c.md', encode('---\nid: FC-0001\ntitle: [unclosed\n---\n'));
    expect(src.data).toBeUndefined();
    expect(src.findings).toMatchObject([{ rule: 'yaml-syntax', line: 4 }]);
  });

  it('parses YAML 1.2 core types: dates stay strings, yes stays a string', () => {
    const src = parseSource('c.yaml', encode('a: 2025-01-10\nb: yes\nc: 0o17\nd: ~\n'));
    expect(src.data).toEqual({ a: '2025-01-10', b: 'yes', c: 15, d: null });
  });

  it('computes 1-based positions of offsets', () => {
    expect(positionOf('ab\ncd\n', 0)).toEqual({ line: 1, column: 1 });
    expect(positionOf('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
    expect(positionOf('ab\ncd\n', 6)).toEqual({ line: 3, column: 1 });
  });
});

describe('sectionsOf', () => {
  it('splits on ## headings with their lines, skipping headings in code fences', () => {
    const body = [
      '',
      'Intro text before any heading.',
      '## Impact',
      'Users saw errors.',
      '```yaml',
      '## not a heading',
      '~~~',
      '```',
      '### Sub-heading stays in the section',
      '## Root causes ##',
      '~~~',
      '## also not a heading',
      '~~~',
      '## Empty',
    ].join('\n');
    const sections = sectionsOf(body, 20);
    expect(sections.map(({ id, title, line }) => ({ id, title, line }))).toEqual([
      { id: 'impact', title: 'Impact', line: 22 },
      { id: 'root-causes', title: 'Root causes', line: 29 },
      { id: 'empty', title: 'Empty', line: 33 },
    ]);
    expect(sections[0]!.text).toBe(
      'Users saw errors.\n```yaml\n## not a heading\n~~~\n```\n### Sub-heading stays in the section',
    );
    expect(sections[1]!.text).toBe('~~~\n## also not a heading\n~~~');
    expect(sections[2]!.text).toBe('');
  });

  it('handles CRLF bodies and a body without sections', () => {
    expect(sectionsOf('## Impact\r\nText\r\n', 1)).toEqual([
      { id: 'impact', title: 'Impact', text: 'Text', line: 1 },
    ]);
    expect(sectionsOf('no headings here\n# Title only', 1)).toEqual([]);
  });
});

describe('YAML syntax hints', () => {
  it('tells to quote a plain value that contains ": "', () => {
    const src = parseSource(
      'cases/FC-0001-x.yaml',
      new TextEncoder().encode('id: FC-0001\ntitle: Model failed: badly at night\n'),
    );
    expect(src.findings).toMatchObject([
      { rule: 'yaml-syntax', line: 2, hint: expect.stringContaining('Quote it') },
    ]);
  });

  it('keeps the indentation hint for real indentation mistakes', () => {
    const src = parseSource(
      'cases/FC-0001-x.yaml',
      new TextEncoder().encode('id: FC-0001\n  title: indented\n'),
    );
    expect(src.findings).toMatchObject([
      { rule: 'yaml-syntax', hint: expect.stringContaining('same indentation') },
    ]);
  });
});

describe('sectionsOf, line by line where it may', () => {
  const fragments = [
    '## Impact',
    '## Root causes ##',
    '##\tTabbed',
    '## #',
    '## Title #',
    '## Escaped \\#',
    '##NoSpace',
    '### Sub',
    '# Top',
    'Plain text.',
    '',
    '- a list item',
    '  continued',
    '> a quote',
    '1. numbered',
    '| a | b |',
    '|---|---|',
    '---',
    '***',
    '* * *',
    'Text with `code` and *emphasis*.',
    '    indented code',
    '```',
    '~~~',
    '<div>',
    '</div>',
    '   ## indented heading',
    'Underlined',
    '===',
    '[ref]: https://example.com',
  ];
  /** A small deterministic generator, so a failure names its body. */
  function* bodies(count: number): Generator<string> {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < count; i++) {
      const lines = Array.from(
        { length: 2 + Math.floor(next() * 12) },
        () => fragments[Math.floor(next() * fragments.length)]!,
      );
      yield lines.join(next() < 0.2 ? '\r\n' : '\n') + (next() < 0.5 ? '\n' : '');
    }
  }

  it('splits exactly as the full micromark parse does', () => {
    let lineByLine = 0;
    for (const body of bodies(4000)) {
      expect(sectionsOf(body, 5), JSON.stringify(body)).toEqual(sectionsOfFully(body, 5));
      if (!/^[ \t]*(?:`{3}|~{3}|<)|^[ \t]+#|[^\s][^\n]*\r?\n {0,3}(?:=+|-+)[ \t]*\r?$/m.test(body))
        lineByLine++;
    }
    // The comparison covers the line-by-line path, not only the full parse.
    expect(lineByLine).toBeGreaterThan(500);
  });
});
