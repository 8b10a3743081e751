/**
 * Charts as SVG strings, rendered at build time so the site needs no charting JavaScript.
 * Colours come from CSS custom properties (with fallbacks), so one SVG serves the light
 * and the dark theme; every chart carries a title and description for screen readers.
 */
import { safeText } from '../model/text.ts';

/**
 * Escapes text for SVG, XML and HTML content and attribute values; a character XML
 * cannot carry (a control character, noncharacter or lone surrogate) becomes U+FFFD.
 */
export function escapeXml(text: string): string {
  const safe = safeText(text);
  // Most text has nothing to escape; one test spares five passes over it.
  return ESCAPABLE.test(safe) ? safe.replace(ESCAPABLE_ALL, (c) => ESCAPES[c]!) : safe;
}

const ESCAPABLE = /[&<>"']/;
const ESCAPABLE_ALL = /[&<>"']/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Formats a number for a chart label: integers as is, others to three significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

/** An id for a chart's title and description, derived from its content so renders stay pure. */
function chartId(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `chart-${(hash >>> 0).toString(36)}`;
}

function frame(width: number, height: number, title: string, description: string, body: string): string {
  const id = chartId(title + description + body);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" role="img" aria-labelledby="${id}-t ${id}-d">` +
    `<title id="${id}-t">${escapeXml(title)}</title><desc id="${id}-d">${escapeXml(description)}</desc>` +
    body +
    `</svg>`
  );
}

/** Input of a heatmap: a value per row and column. */
export interface HeatmapInput {
  title: string;
  rowLabels: string[];
  columnLabels: string[];
  /** values[row][column]; missing cells count as 0. */
  values: number[][];
  /** What the rows and columns are, for the description ("actual", "predicted"). */
  rowAxis: string;
  columnAxis: string;
}

/** Longest label, capped, in characters: the room a label column needs. */
function labelWidth(labels: readonly string[], cap: number): number {
  return Math.min(cap, Math.max(1, ...labels.map((l) => l.length)));
}

function clip(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/**
 * A heatmap (confusion matrix, failure mode by layer). The intensity of a cell is its
 * share of the largest value; each cell shows its number, so colour is never the only cue.
 */
export function renderHeatmap(input: HeatmapInput): string {
  const { rowLabels, columnLabels, values } = input;
  const cell = 44;
  const charW = 7;
  const rowLabelChars = labelWidth(rowLabels, 28);
  const colLabelChars = labelWidth(columnLabels, 22);
  const left = rowLabelChars * charW + 12;
  // Column labels are rotated, so their length sets the top margin.
  const top = Math.round(colLabelChars * charW * 0.72) + 24;
  // Rotated column labels lean right past the last column.
  const width = left + columnLabels.length * cell + Math.round(colLabelChars * charW * 0.72) + 8;
  const height = top + rowLabels.length * cell + 8;
  let max = 0;
  for (const row of values) for (const v of row) if (Number.isFinite(v) && v > max) max = v;
  const parts: string[] = [];
  columnLabels.forEach((label, c) => {
    const x = left + c * cell + cell / 2;
    parts.push(
      `<text class="axis" x="${x}" y="${top - 8}" transform="rotate(-45 ${x} ${top - 8})">` +
        `${escapeXml(clip(label, 22))}</text>`,
    );
  });
  rowLabels.forEach((label, r) => {
    const y = top + r * cell + cell / 2 + 4;
    parts.push(
      `<text class="axis" x="${left - 8}" y="${y}" text-anchor="end">${escapeXml(clip(label, 28))}</text>`,
    );
    columnLabels.forEach((colLabel, c) => {
      const value = values[r]?.[c] ?? 0;
      const share = max > 0 ? value / max : 0;
      const x = left + c * cell;
      const yy = top + r * cell;
      const strong = share > 0.55;
      parts.push(
        `<g class="cell"><title>${escapeXml(`${label} × ${colLabel}: ${formatNumber(value)}`)}</title>` +
          `<rect x="${x + 1}" y="${yy + 1}" width="${cell - 2}" height="${cell - 2}" rx="3" ` +
          `class="heat-bg"/>` +
          `<rect x="${x + 1}" y="${yy + 1}" width="${cell - 2}" height="${cell - 2}" rx="3" ` +
          `class="heat" fill-opacity="${share.toFixed(3)}"/>` +
          `<text x="${x + cell / 2}" y="${yy + cell / 2 + 4}" text-anchor="middle" ` +
          `class="${strong ? 'value strong' : 'value'}">${escapeXml(formatNumber(value))}</text></g>`,
      );
    });
  });
  const description =
    `Heatmap of ${rowLabels.length} ${input.rowAxis} by ${columnLabels.length} ${input.columnAxis}; ` +
    `largest value ${formatNumber(max)}.`;
  return frame(width, height, input.title, description, parts.join(''));
}

/** One bar pair: a baseline value and the observed value. */
export interface BarPair {
  label: string;
  baseline: number;
  observed: number;
  /** Shown after the label, e.g. the metric name. */
  note?: string;
}

/**
 * Horizontal baseline-versus-observed bars, one pair per slice: the scale starts at 0
 * and ends at the largest value, so a drop reads as a shorter observed bar.
 */
export function renderPairedBars(title: string, pairs: readonly BarPair[]): string {
  const labelChars = labelWidth(
    pairs.map((p) => p.label + (p.note ? ` (${p.note})` : '')),
    40,
  );
  const left = labelChars * 7 + 12;
  const plot = 320;
  const rowH = 40;
  const top = 28;
  const width = left + plot + 70;
  const height = top + pairs.length * rowH + 8;
  const max = Math.max(0, ...pairs.flatMap((p) => [p.baseline, p.observed]).filter(Number.isFinite)) || 1;
  const scale = (v: number) => Math.max(0, (Math.max(0, v) / max) * plot);
  const parts: string[] = [
    `<rect x="${left}" y="6" width="12" height="10" class="bar-baseline"/>` +
      `<text class="axis" x="${left + 16}" y="15">baseline</text>` +
      `<rect x="${left + 90}" y="6" width="12" height="10" class="bar-observed"/>` +
      `<text class="axis" x="${left + 106}" y="15">observed</text>`,
  ];
  pairs.forEach((p, i) => {
    const y = top + i * rowH;
    const label = p.label + (p.note ? ` (${p.note})` : '');
    parts.push(
      `<text class="axis" x="${left - 8}" y="${y + 19}" text-anchor="end">${escapeXml(clip(label, 40))}</text>` +
        `<rect x="${left}" y="${y + 2}" width="${scale(p.baseline).toFixed(1)}" height="14" class="bar-baseline">` +
        `<title>${escapeXml(`${label} baseline: ${formatNumber(p.baseline)}`)}</title></rect>` +
        `<text class="value" x="${left + scale(p.baseline) + 4}" y="${y + 14}">${escapeXml(formatNumber(p.baseline))}</text>` +
        `<rect x="${left}" y="${y + 18}" width="${scale(p.observed).toFixed(1)}" height="14" class="bar-observed">` +
        `<title>${escapeXml(`${label} observed: ${formatNumber(p.observed)}`)}</title></rect>` +
        `<text class="value" x="${left + scale(p.observed) + 4}" y="${y + 30}">${escapeXml(formatNumber(p.observed))}</text>`,
    );
  });
  const worst = [...pairs].sort((a, b) => b.baseline - b.observed - (a.baseline - a.observed))[0];
  const description = worst
    ? `${pairs.length} slices, baseline versus observed. Largest drop: ${worst.label}, ` +
      `${formatNumber(worst.baseline)} to ${formatNumber(worst.observed)}.`
    : 'No slices.';
  return frame(width, height, title, description, parts.join(''));
}

/** A named series of values, one per bucket. */
export interface Series {
  name: string;
  values: number[];
}

const SERIES_CLASSES = 8;

/** Stacked columns over buckets (cases per month by severity). */
export function renderStackedColumns(
  title: string,
  buckets: readonly string[],
  series: readonly Series[],
): string {
  const left = 44;
  const plotH = 180;
  const top = 16;
  const colW = Math.max(10, Math.min(36, Math.floor(640 / Math.max(1, buckets.length))));
  const legendH = 24;
  const width = Math.max(320, left + buckets.length * colW + 16);
  const height = top + plotH + 56 + legendH;
  const totals = buckets.map((_, b) => series.reduce((sum, s) => sum + (s.values[b] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const parts: string[] = [axisY(left, top, plotH, max, width)];
  const labelEvery = Math.ceil(buckets.length / 12);
  buckets.forEach((bucket, b) => {
    let y = top + plotH;
    const x = left + b * colW + 2;
    series.forEach((s, i) => {
      const v = s.values[b] ?? 0;
      if (v <= 0) return;
      const h = (v / max) * plotH;
      y -= h;
      parts.push(
        `<rect x="${x}" y="${y.toFixed(1)}" width="${colW - 4}" height="${h.toFixed(1)}" class="series-${i % SERIES_CLASSES}">` +
          `<title>${escapeXml(`${bucket}, ${s.name}: ${formatNumber(v)}`)}</title></rect>`,
      );
    });
    if (b % labelEvery === 0) {
      const lx = x + (colW - 4) / 2;
      parts.push(
        `<text class="axis" x="${lx}" y="${top + plotH + 14}" transform="rotate(-40 ${lx} ${top + plotH + 14})" text-anchor="end">${escapeXml(bucket)}</text>`,
      );
    }
  });
  parts.push(legend(series, left, height - 8));
  const description =
    `Stacked columns over ${buckets.length} periods (${buckets[0] ?? ''} to ${buckets.at(-1) ?? ''}); ` +
    series.map((s) => `${s.name}: ${formatNumber(s.values.reduce((a, v) => a + v, 0))}`).join(', ') +
    '.';
  return frame(width, height, title, description, parts.join(''));
}

function axisY(left: number, top: number, plotH: number, max: number, width: number): string {
  const ticks = [0, 0.5, 1].map((f) => ({ value: max * f, y: top + plotH - f * plotH }));
  return ticks
    .map(
      (t) =>
        `<line x1="${left}" x2="${width - 8}" y1="${t.y}" y2="${t.y}" class="grid"/>` +
        `<text class="axis" x="${left - 6}" y="${t.y + 4}" text-anchor="end">${escapeXml(formatNumber(Math.round(t.value * 10) / 10))}</text>`,
    )
    .join('');
}

function legend(series: readonly Series[], left: number, y: number): string {
  let x = left;
  return series
    .map((s, i) => {
      const part =
        `<rect x="${x}" y="${y - 10}" width="12" height="12" class="series-${i % SERIES_CLASSES}"/>` +
        `<text class="axis" x="${x + 16}" y="${y}">${escapeXml(s.name)}</text>`;
      x += 28 + s.name.length * 7;
      return part;
    })
    .join('');
}

/** Lines over buckets (median hours to detect and to resolve per month); null is a gap. */
export function renderLines(
  title: string,
  buckets: readonly string[],
  series: readonly { name: string; values: (number | null)[] }[],
  unit: string,
): string {
  const left = 52;
  const plotH = 180;
  const top = 16;
  const step = Math.max(12, Math.min(48, Math.floor(640 / Math.max(1, buckets.length))));
  const width = Math.max(320, left + buckets.length * step + 16);
  const height = top + plotH + 80;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const max = Math.max(1, ...all);
  const parts: string[] = [axisY(left, top, plotH, max, width)];
  const xOf = (b: number) => left + b * step + step / 2;
  const yOf = (v: number) => top + plotH - (v / max) * plotH;
  series.forEach((s, i) => {
    let path = '';
    let pen = false;
    s.values.forEach((v, b) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      path += `${pen ? 'L' : 'M'}${xOf(b).toFixed(1)} ${yOf(v).toFixed(1)}`;
      pen = true;
      parts.push(
        `<circle cx="${xOf(b).toFixed(1)}" cy="${yOf(v).toFixed(1)}" r="3.5" class="series-${i % SERIES_CLASSES}">` +
          `<title>${escapeXml(`${buckets[b]}, ${s.name}: ${formatNumber(v)} ${unit}`)}</title></circle>`,
      );
    });
    if (path) parts.push(`<path d="${path}" class="line series-stroke-${i % SERIES_CLASSES}" fill="none"/>`);
  });
  const labelEvery = Math.ceil(buckets.length / 12);
  buckets.forEach((bucket, b) => {
    if (b % labelEvery !== 0) return;
    parts.push(
      `<text class="axis" x="${xOf(b)}" y="${top + plotH + 14}" transform="rotate(-40 ${xOf(b)} ${top + plotH + 14})" text-anchor="end">${escapeXml(bucket)}</text>`,
    );
  });
  parts.push(
    legend(
      series.map((s) => ({ name: `${s.name} (${unit})`, values: [] })),
      left,
      height - 8,
    ),
  );
  const description =
    `${series.map((s) => s.name).join(' and ')} per period, in ${unit}, over ${buckets.length} periods; ` +
    `largest value ${formatNumber(max)}.`;
  return frame(width, height, title, description, parts.join(''));
}

/** Horizontal bars for a ranking (top models by cases). */
export function renderBarList(title: string, items: readonly { label: string; value: number }[]): string {
  const labelChars = labelWidth(
    items.map((i) => i.label),
    32,
  );
  const left = labelChars * 7 + 12;
  const plot = 300;
  const rowH = 24;
  const width = left + plot + 60;
  const height = items.length * rowH + 12;
  const max = Math.max(1, ...items.map((i) => i.value));
  const parts = items.map((item, i) => {
    const y = 6 + i * rowH;
    const w = (item.value / max) * plot;
    return (
      `<text class="axis" x="${left - 8}" y="${y + 14}" text-anchor="end">${escapeXml(clip(item.label, 32))}</text>` +
      `<rect x="${left}" y="${y + 2}" width="${w.toFixed(1)}" height="16" class="bar">` +
      `<title>${escapeXml(`${item.label}: ${formatNumber(item.value)}`)}</title></rect>` +
      `<text class="value" x="${left + w + 4}" y="${y + 14}">${escapeXml(formatNumber(item.value))}</text>`
    );
  });
  const description = items.map((i) => `${i.label}: ${formatNumber(i.value)}`).join(', ') || 'No data.';
  return frame(width, height, title, description, parts.join(''));
}
