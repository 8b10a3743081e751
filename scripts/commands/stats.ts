/** `failcat stats`: the catalog in figures. */
import { joinPath } from '../../core/model/files.ts';
import { computeStats, type CatalogStats } from '../../core/publish/stats.ts';
import { plural } from '../../core/model/text.ts';
import { oneOf, parseCommandArgs, type Command } from '../cli.ts';
import { loadCatalog } from '../../node/catalog-source.ts';
import { catalogThreads } from '../../node/pool/threads.ts';

export const statsCommand: Command = {
  usage: `Usage: failcat stats [--catalog DIR] [--format text|json]

Figures over the valid cases of the catalog: counts by severity, status, failure mode
and root-cause layer; open and overdue corrective actions; median time to detect
(occurred to detected) and to resolve (detected to resolved).

Options:
  --catalog DIR   the catalog folder (default: catalog)
  --format F      text (default) or json
  -h, --help      show this help`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      catalog: { type: 'string', default: 'catalog' },
      format: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(this.usage + '\n');
      return 0;
    }
    const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    const result = await loadCatalog(
      { kind: 'folder', dir: joinPath(values.catalog!) },
      { purpose: 'site', threads: catalogThreads() },
    );
    const stats = computeStats(result.cases, new Date().toISOString().slice(0, 10));
    const skipped = result.caseCount - result.cases.length;
    process.stdout.write(
      format === 'json' ? JSON.stringify({ ...stats, skipped }, null, 2) + '\n' : renderStats(stats, skipped),
    );
    return 0;
  },
};

function table(title: string, counts: Record<string, number>): string[] {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const width = Math.max(8, ...rows.map(([k]) => k.length));
  return [title, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${String(v).padStart(5)}`), ''];
}

function duration(hours: number | null): string {
  if (hours === null) return 'n/a';
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} days`;
}

function renderStats(s: CatalogStats, skipped: number): string {
  return [
    `${plural(s.cases, 'case')}${skipped > 0 ? ` (${skipped} with errors left out: run failcat validate)` : ''}`,
    '',
    ...table('By severity', s.bySeverity),
    ...table('By status', s.byStatus),
    ...table('By failure mode', s.byFailureMode),
    ...table('By root-cause layer', s.byLayer),
    `Corrective actions: ${s.openActions} open, ${s.overdueActions} overdue`,
    `Median time to detect: ${duration(s.medianHoursToDetect)}`,
    `Median time to resolve: ${duration(s.medianHoursToResolve)}`,
    '',
  ].join('\n');
}
