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
    expect(csvField(['a', 'b'])).toBe('a;b');
    expect(csvField(undefined)).toBe('');
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
