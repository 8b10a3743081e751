/** `failcat export`: the catalog as the `api/cases.json` document, without building the site. */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { joinPath } from '../../core/model/files.ts';
import { audienceFor, exportCatalogJson, type CatalogExport } from '../../core/publish/export.ts';
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
    const doc = exportCatalogJson(result.config as CatalogExport['config'], result.cases, audience, {
      indent: 2,
    });
    // Written a case at a time: a large catalog's document is longer than one string can be.
    const text = Readable.from(
      (function* () {
        yield* doc.chunks;
        yield '\n';
      })(),
    );
    if (values.out) {
      // Into a file beside it first: a file that was there is replaced whole or not at all.
      const partial = `${values.out}.${process.pid}.partial`;
      try {
        await pipeline(text, createWriteStream(partial));
        await rename(partial, values.out);
      } finally {
        await rm(partial, { force: true });
      }
      process.stderr.write(`Wrote ${doc.cases} ${audience} cases to ${values.out}\n`);
    } else await pipeline(text, process.stdout, { end: false });
    return 0;
  },
};
