/** `failcat export`: the catalog as the `api/cases.json` document, without building the site. */
import { writeFile } from 'node:fs/promises';
import { joinPath } from '../../core/model/files.ts';
import { audienceFor, exportCatalog, type CatalogExport } from '../../core/publish/export.ts';
import { renderFindings } from '../../core/validate/report.ts';
import { oneOf, parseCommandArgs, useColor, type Command } from '../cli.ts';
import { loadCatalog } from '../../node/catalog-source.ts';
import { catalogThreads } from '../../node/pool/threads.ts';

export const exportCommand: Command = {
  usage: `Usage: failcat export [--catalog DIR] [--audience public|internal] [--out FILE]

Validates the catalog and writes the export document the site publishes at
api/cases.json (what \`failcat check --catalog URL\` reads). An invalid catalog
prints its findings and writes nothing.

Options:
  --catalog DIR   the catalog folder (default: catalog)
  --audience A    public or internal (default: the policy's default_audience)
  --out FILE      write to FILE instead of standard output
  -h, --help      show this help`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      catalog: { type: 'string', default: 'catalog' },
      audience: { type: 'string' },
      out: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(this.usage + '\n');
      return 0;
    }
    const requested = values.audience
      ? oneOf('audience', values.audience, ['public', 'internal'] as const, 'internal')
      : undefined;
    const result = await loadCatalog(
      { kind: 'folder', dir: joinPath(values.catalog!) },
      { purpose: 'site', threads: catalogThreads() },
    );
    const errors = result.findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      process.stderr.write(
        renderFindings({ files: result.files.length, cases: result.caseCount, findings: errors }, 'text', {
          color: useColor(process.stderr),
        }),
      );
      process.stderr.write('failcat export: the catalog has errors; nothing was written.\n');
      return 1;
    }
    const audience = audienceFor(result.config, requested);
    const doc = exportCatalog(result.config as CatalogExport['config'], result.cases, audience);
    const json = JSON.stringify(doc, null, 2) + '\n';
    if (values.out) {
      await writeFile(values.out, json);
      process.stderr.write(`Wrote ${doc.cases.length} ${audience} cases to ${values.out}\n`);
    } else process.stdout.write(json);
    return 0;
  },
};
