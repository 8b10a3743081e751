import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, renderAtom, renderCsv, toRfc3339 } from '../../core/publish/feeds.ts';
import type { FailureCase } from '../../core/model/schema-types.ts';

function makeCase(overrides: Partial<FailureCase> = {}): FailureCase {
  return {
    id: 'FC-0001',
    title: 'Fraud model declined night purchases',
    summary: 'Night purchases were declined for a week.',
    status: 'resolved',
    severity: 'SEV3',
    occurred_at: '2025-06-14T02:00:00Z',
    ...overrides,
  };
}

describe('csvField', () => {
  it('quotes commas, quotes and newlines (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
  });
  it('defuses spreadsheet formulas but keeps negative numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField(-3)).toBe('-3');
  });
  it('joins lists with semicolons and leaves missing values empty', () => {
    expect(csvField(['a', 'b'])).toBe('"a;b"');
    expect(csvField(undefined)).toBe('');
  });
});

/** Splits CSV text into cells as a spreadsheet does with `separator`: quotes count only at a cell's start. */
function cellsOf(csv: string, separator: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= csv.length) {
    if (csv[i] === '"') {
      let cell = '';
      i++;
      for (; i < csv.length; i++) {
        if (csv[i] === '"' && csv[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (csv[i] === '"') break;
        else cell += csv[i];
      }
      let rest = '';
      for (i++; i < csv.length && csv[i] !== separator && csv[i] !== '\n'; i++) rest += csv[i];
      cells.push(cell + rest);
    } else {
      let cell = '';
      for (; i < csv.length && csv[i] !== separator && csv[i] !== '\n'; i++) cell += csv[i];
      cells.push(cell);
    }
    i++;
  }
  return cells.map((c) => c.replace(/\r$/, ''));
}

describe('the CSV in a spreadsheet (issue 13, items 7 and 9)', () => {
  const hostile = [
    'a;=HYPERLINK("http://evil.example")',
    'x,=1+1',
    'x; -2+3',
    '+cmd',
    ' =lead',
    'line\n@SUM(A1)',
    'tab\t=1',
    '\uFF1D1+1',
  ];
  const csv = renderCsv(
    [
      makeCase({ title: hostile[0]!, summary: hostile[1]!, tags: ['ok', '=cmd', '-1+2'] }),
      ...hostile.map((title, i) => makeCase({ id: `FC-00${10 + i}`, title, system: { model: title } })),
    ],
    (id) => id,
  );

  for (const separator of [',', ';', '\t']) {
    it(`starts no cell with a formula character when split on ${JSON.stringify(separator)}`, () => {
      const formulas = cellsOf(csv, separator).filter((c) => /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(c));
      expect(formulas.filter((c) => !/^-?\d+(\.\d+)?$/.test(c))).toEqual([]);
    });
  }

  it('keeps each field one cell for a comma-separated reader', () => {
    const rows = csv.trimEnd().split('\r\n');
    expect(cellsOf(rows[1]!, ',')).toHaveLength(CSV_COLUMNS.length);
  });

  it('carries no control character, noncharacter or lone surrogate', () => {
    const out = renderCsv([makeCase({ title: 'a\x01b\x1b[2J\uFFFE\uD800c', tags: ['\0'] })], (id) => id);
    // eslint-disable-next-line no-control-regex -- the control characters are what must be absent
    expect(out).not.toMatch(/[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFFFE\uFFFF\uD800-\uDFFF]/);
    expect(out).toContain('a\uFFFDb\uFFFD[2J\uFFFD\uFFFDc');
  });
});

describe('renderCsv', () => {
  it('writes a header and one row per case', () => {
    const csv = renderCsv(
      [
        makeCase({ system: { model: 'm' }, root_causes: [{ layer: 'data', description: 'x'.repeat(10) }] }),
        makeCase({ id: 'FC-0002', title: 'Title, with comma' }),
      ],
      (id) => `https://example.org/cases/${id}/`,
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',m,');
    expect(lines[1]).toContain(',data,');
    expect(lines[2]).toContain('"Title, with comma"');
    expect(lines[2]!.endsWith('https://example.org/cases/FC-0002/')).toBe(true);
  });
});

/** Whether text is made only of XML 1.0 characters (the Char production). */
const XML_CHARS = /^[\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

describe('the Atom feed with any text validation could miss (issue 13, item 7)', () => {
  it('stays well-formed XML for every control character, noncharacter and lone surrogate', () => {
    const bad = [
      '\x01',
      '\0',
      '\b',
      '\f',
      '\x0B',
      '\x1B',
      '\x7F',
      '\x85',
      '\uFFFE',
      '\uFFFF',
      '\uD800',
      '\uDC00',
    ];
    const xml = renderAtom({
      title: `Catalog ${bad.join('')}`,
      feedUrl: 'https://example.org/feed.xml',
      siteUrl: 'https://example.org/',
      caseUrl: (id) => `https://example.org/cases/${id}/`,
      cases: bad.map((c, i) =>
        makeCase({
          id: `FC-00${10 + i}`,
          title: `Title ${c} end`,
          summary: `Summary ${c}`,
          failure_modes: [`m${c}`],
        }),
      ),
    });
    expect(xml).toMatch(XML_CHARS);
    expect(xml).toContain('Title \uFFFD end');
  });
});

describe('renderAtom', () => {
  it('writes a valid-looking feed with absolute ids when the site URL is known', () => {
    const xml = renderAtom({
      title: 'failcat',
      feedUrl: 'https://example.org/feed.xml',
      siteUrl: 'https://example.org/',
      caseUrl: (id) => `https://example.org/cases/${id}/`,
      cases: [makeCase({ title: 'A <b> & c' }), makeCase({ id: 'FC-0002', resolved_at: '2025-07-01' })],
    });
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(xml.match(/<entry>/g)).toHaveLength(2);
    expect(xml).toContain('<id>https://example.org/cases/FC-0001/</id>');
    expect(xml).toContain('FC-0001: A &lt;b&gt; &amp; c');
    expect(xml).toContain('<updated>2025-07-01T00:00:00Z</updated>');
  });

  it('falls back to URN ids for a site without a known URL and keeps the limit', () => {
    const xml = renderAtom({
      title: 'failcat',
      feedUrl: '/feed.xml',
      siteUrl: '/',
      caseUrl: (id) => `/cases/${id}/`,
      cases: [makeCase(), makeCase({ id: 'FC-0002' })],
      limit: 1,
    });
    expect(xml).toContain('<id>urn:failcat:case:FC-0001</id>');
    expect(xml).toContain('<id>urn:failcat:feed</id>');
    expect(xml.match(/<entry>/g)).toHaveLength(1);
  });

  it('normalises dates to RFC 3339', () => {
    expect(toRfc3339('2025-06-14')).toBe('2025-06-14T00:00:00Z');
    expect(toRfc3339('2025-06-14T02:00:00-05:00')).toBe('2025-06-14T07:00:00Z');
    expect(toRfc3339('not a date')).toBe('1970-01-01T00:00:00Z');
  });
});
