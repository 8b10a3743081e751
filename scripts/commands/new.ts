/** `failcat new`: scaffolds a draft case with the next free id. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline/promises';
import { checkCaseFile } from '../../core/validate/catalog.ts';
import { joinPath } from '../../core/model/files.ts';
import { caseFileName, nextCaseId, scaffoldCase } from '../../core/author/scaffold.ts';
import { oneOf, parseCommandArgs, UsageError, type Command } from '../cli.ts';
import { loadCatalog } from '../../node/catalog-source.ts';

/** The lines of standard input, when it is a pipe or a file (not a terminal); a last empty line dropped. */
async function readPipedLines(): Promise<string[]> {
  if (process.stdin.isTTY) return [];
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const lines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export const newCommand: Command = {
  usage: `Usage: failcat new [--title TEXT] [--severity ID] [--model NAME] [--format md|yaml] [--catalog DIR]

Writes catalog/cases/<id>-<slug>.<md|yaml>, a draft that validates as it stands, and
prints its path, with the sections its severity requires. Asks for what is missing on a
terminal (again, after an answer that does not fit); reads the title from standard input
when it is piped. Never overwrites a file.

Options:
  --title TEXT     what failed, in one line (at least 8 characters)
  --severity ID    a severity id from policy.yaml (default: the least severe)
  --model NAME     the model that failed
  --format F       md (Markdown with frontmatter, default) or yaml
  --catalog DIR    the catalog folder (default: catalog)
  -h, --help       show this help`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      title: { type: 'string' },
      severity: { type: 'string' },
      model: { type: 'string' },
      format: { type: 'string' },
      catalog: { type: 'string', default: 'catalog' },
    });
    if (values.help) {
      process.stdout.write(this.usage + '\n');
      return 0;
    }
    const catalogDir = joinPath(values.catalog!);
    const { config, ctx, files } = await loadCatalog(
      { kind: 'folder', dir: catalogDir },
      { purpose: 'config' },
    );
    if (!config.policy) {
      process.stderr.write(
        `failcat new: ${catalogDir}/policy.yaml is missing or invalid; run \`failcat validate\` first.\n`,
      );
      return 1;
    }
    const severities = config.policy.severities.map((s) => s.id);
    const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
    // Without --title and a terminal, standard input answers the questions a line each
    // (`echo "Title" | failcat new`): the title, then what the other flags leave out.
    const piped = values.title === undefined && !interactive ? await readPipedLines() : [];
    const ask = interactive ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
    // Lines typed (or pasted) ahead of a question wait in the iterator instead of being lost.
    const typed = ask?.[Symbol.asyncIterator]();
    const askLine = async (prompt: string) => {
      ask!.setPrompt(prompt);
      ask!.prompt();
      const line = await typed!.next();
      return line.done ? undefined : (line.value as string);
    };
    try {
      const checks = {
        title: (answer: string) =>
          answer.trim().length >= 8 ? undefined : 'a title needs at least 8 characters.',
        severity: (answer: string) =>
          severities.includes(answer.trim() || severities.at(-1)!)
            ? undefined
            : `the severity must be one of ${severities.join(', ')}.`,
        format: (answer: string) =>
          ['md', 'yaml'].includes(answer.trim() || 'md') ? undefined : 'the format is md or yaml.',
      };
      /**
       * A flag's value, or the answer to `prompt` (on the terminal, or the next piped
       * line), asked again after an answer that fails `check`; the earlier answers stay.
       */
      const obtain = async (
        flag: string | undefined,
        prompt: string,
        check: (answer: string) => string | undefined,
      ) => {
        if (flag !== undefined) return flag;
        for (;;) {
          const answer = ask ? await askLine(prompt) : piped.shift();
          if (answer === undefined) return undefined;
          const problem = check(answer);
          if (!problem) return answer;
          if (ask) process.stdout.write(`  Not quite: ${problem} Try again.\n`);
          else process.stderr.write(`failcat new: "${answer}": ${problem} Reading the next line.\n`);
        }
      };
      let title = await obtain(values.title, 'Title (what failed, in one line): ', checks.title);
      let severity = await obtain(
        values.severity,
        `Severity (${severities.join(', ')}) [${severities.at(-1)}]: `,
        checks.severity,
      );
      const model =
        (await obtain(values.model, 'Model (blank to skip): ', () => undefined))?.trim() || undefined;
      const format = oneOf(
        'format',
        (await obtain(values.format, 'Format (md, yaml) [md]: ', checks.format))?.trim() || undefined,
        ['md', 'yaml'],
        'md',
      );
      title = title?.trim();
      if (!title || title.length < 8)
        throw new UsageError('--title is required and must have at least 8 characters.');
      severity = severity?.trim() || severities.at(-1)!;
      if (!severities.includes(severity))
        throw new UsageError(`--severity must be one of ${severities.join(', ')}; got "${severity}".`);
      const sections = config.policy.severities.find((s) => s.id === severity)?.required_sections ?? [];

      const used = files.map((f) => f.split('/').pop()!);
      const id = nextCaseId(config.policy, used);
      const today = new Date().toISOString().slice(0, 10);
      // The modeline names the schema of the failcat that wrote the case (checkout or package).
      const schema = path
        .relative(
          path.resolve(catalogDir, 'cases'),
          fileURLToPath(new URL('../../schemas/case.schema.json', import.meta.url)),
        )
        .split(path.sep)
        .join('/');
      const text = scaffoldCase({ id, title, severity, model, format, today, schema, sections });
      const file = joinPath(catalogDir, 'cases', caseFileName({ id, title, format }));
      const check = checkCaseFile(file, new TextEncoder().encode(text), ctx);
      const errors = check.findings.filter((f) => f.severity === 'error');
      if (errors.length > 0) {
        throw new UsageError(`the new case would not validate: ${errors.map((f) => f.message).join(' ')}`);
      }
      await mkdir(joinPath(catalogDir, 'cases'), { recursive: true });
      try {
        await writeFile(file, text, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          process.stderr.write(`failcat new: ${file} already exists; nothing was written.\n`);
          return 1;
        }
        throw error;
      }
      process.stdout.write(`${file}\n`);
      if (interactive)
        process.stdout.write(`Created ${id}. Fill it in, then run \`npx failcat validate ${file}\`.\n`);
      return 0;
    } finally {
      ask?.close();
    }
  },
};
