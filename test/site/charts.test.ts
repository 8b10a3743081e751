import { describe, expect, it } from 'vitest';
import {
  escapeXml,
  formatNumber,
  renderBarList,
  renderHeatmap,
  renderLines,
  renderPairedBars,
  renderStackedColumns,
} from '../../core/publish/charts.ts';

/** Opacity of each heat cell, in row order. */
function opacities(svg: string): number[] {
  return [...svg.matchAll(/class="heat" fill-opacity="([\d.]+)"/g)].map((m) => Number(m[1]));
}

describe('renderHeatmap', () => {
  const input = {
    title: 'Confusion matrix',
    rowLabels: ['actual a', 'actual b'],
    columnLabels: ['predicted a', 'predicted b'],
    values: [
      [90, 10],
      [45, 0],
    ],
    rowAxis: 'actual labels',
    columnAxis: 'predicted labels',
  };

  it('shades each cell by its share of the largest value and prints the value', () => {
    const svg = renderHeatmap(input);
    expect(opacities(svg)).toEqual([1, 0.111, 0.5, 0]);
    expect(svg).toContain('>90</text>');
    expect(svg).toContain('<title>actual b × predicted a: 45</title>');
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="(chart-\w+)-t \1-d">/);
    expect(svg).toContain('largest value 90');
  });

  it('treats missing cells as zero and an all-zero matrix without dividing by zero', () => {
    const svg = renderHeatmap({ ...input, values: [[0], []] });
    expect(opacities(svg)).toEqual([0, 0, 0, 0]);
    expect(svg).not.toContain('NaN');
  });

  it('escapes labels', () => {
    const svg = renderHeatmap({ ...input, rowLabels: ['<script>alert(1)</script>', 'b'] });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('is pure: the same input gives the same SVG', () => {
    expect(renderHeatmap(input)).toBe(renderHeatmap(input));
  });
});

describe('renderPairedBars', () => {
  it('draws baseline and observed bars on one scale and names the largest drop', () => {
    const svg = renderPairedBars('Slices', [
      { label: 'night', note: 'precision', baseline: 0.9, observed: 0.18 },
      { label: 'all', baseline: 0.9, observed: 0.89 },
    ]);
    const widths = [
      ...svg.matchAll(
        /class="bar-(baseline|observed)" *width="([\d.]+)"|width="([\d.]+)" height="14" class="bar-(\w+)"/g,
      ),
    ].map((m) => Number(m[3]));
    expect(widths).toEqual([320, 64, 320, 316.4]);
    expect(svg).toContain('Largest drop: night, 0.9 to 0.18.');
    expect(svg).toContain('night (precision)');
  });

  it('clamps negative values to an empty bar', () => {
    const svg = renderPairedBars('Slices', [{ label: 'x', baseline: 1, observed: -0.5 }]);
    expect(svg).toContain('width="0.0" height="14" class="bar-observed"');
  });
});

describe('renderStackedColumns and renderLines', () => {
  it('stacks series per bucket and describes the totals', () => {
    const svg = renderStackedColumns(
      'Cases',
      ['2025-01', '2025-02'],
      [
        { name: 'SEV1', values: [1, 0] },
        { name: 'SEV2', values: [3, 2] },
      ],
    );
    expect(svg.match(/<rect [^>]*class="series-\d"><title>/g)).toHaveLength(3);
    expect(svg).toContain('SEV1: 1, SEV2: 5');
    expect(svg).toContain('<title>2025-01, SEV2: 3</title>');
  });

  it('breaks a line where a value is missing', () => {
    const svg = renderLines('Hours', ['a', 'b', 'c'], [{ name: 'to detect', values: [2, null, 4] }], 'hours');
    const path = /<path d="([^"]+)"/.exec(svg)![1]!;
    expect(path.match(/M/g)).toHaveLength(2);
    expect(path).not.toContain('L');
  });
});

describe('renderBarList', () => {
  it('ranks items with bars proportional to the largest', () => {
    const svg = renderBarList('Top models', [
      { label: 'a', value: 10 },
      { label: 'b', value: 5 },
    ]);
    expect([...svg.matchAll(/width="([\d.]+)" height="16"/g)].map((m) => Number(m[1]))).toEqual([300, 150]);
  });
});

describe('escapeXml and formatNumber', () => {
  it('escape every markup character', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  it('format integers with separators and others to three significant digits', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(0.123456)).toBe('0.123');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });
});
