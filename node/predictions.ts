/**
 * Streams the rows of a predictions file (CSV with a header, or JSON Lines) into a callback,
 * hashing the bytes on the way: memory stays flat whatever the file's size.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';

/** The formats `failcat evidence` reads. */
export const PREDICTION_FORMATS = ['csv', 'tsv', 'jsonl'] as const;
export type PredictionFormat = (typeof PREDICTION_FORMATS)[number];

/** A row's problem, or the file's: the 1-based line and data row it concerns. */
export interface ReadProblem {
  line: number;
  row?: number;
  message: string;
  hint: string;
}

/** What reading a file gives: the SHA-256 of its bytes, rows read, and problems of form. */
export interface ReadResult {
  sha256: string;
  rows: number;
  /** The header's column names (CSV), or the keys of the first row (JSON Lines). */
  columns: string[];
  problems: ReadProblem[];
}

/** The format a file name implies, if any. */
export function formatOfPredictions(file: string): PredictionFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return 'tsv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

/**
 * Reads `file` row by row. `onRow` returns a problem message for a row it cannot use; reading
 * stops after `maxProblems` problems of either kind (the caller writes nothing then anyway).
 */
export async function readPredictions(
  file: string,
  format: PredictionFormat,
  onRow: (record: Record<string, unknown>, row: number, line: number) => ReadProblem | undefined,
  maxProblems = 20,
): Promise<ReadResult> {
  const hash = createHash('sha256');
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  // Hash on the way through a piped transform: a 'data' listener on the file would read it at
  // full speed past the parser's backpressure and buffer the whole file in memory.
  const source = input.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    }),
  );
  const problems: ReadProblem[] = [];
  let rows = 0;
  let columns: string[] = [];
  const full = () => problems.length >= maxProblems;

  if (format === 'jsonl') {
    const lines = createInterface({ input: source, crlfDelay: Infinity });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (full()) continue; // keep reading so the hash covers the whole file
      if (text.trim() === '') continue;
      rows++;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        problems.push({
          line,
          row: rows,
          message: `Line ${line} is not valid JSON: ${(error as Error).message}.`,
          hint: 'Each line of a JSON Lines file holds one JSON object.',
        });
        continue;
      }
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        problems.push({
          line,
          row: rows,
          message: `Line ${line} is not a JSON object.`,
          hint: 'Each line of a JSON Lines file holds one object: {"label": ..., "prediction": ...}.',
        });
        continue;
      }
      if (rows === 1) columns = Object.keys(record);
      const problem = onRow(record as Record<string, unknown>, rows, line);
      if (problem) problems.push(problem);
    }
  } else {
    const parser = source.pipe(
      parse({
        columns: (header: string[]) => (columns = header.map((h) => h.trim())),
        delimiter: format === 'tsv' ? '\t' : ',',
        bom: true,
        skip_empty_lines: true,
        info: true,
      }),
    );
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: Record<string, string>;
        info: { lines: number };
      }>) {
        rows++;
        if (full()) continue;
        const problem = onRow(record, rows, info.lines);
        if (problem) problems.push(problem);
      }
    } catch (error) {
      const e = error as Error & { lines?: number; code?: string; records?: number };
      // The parser runs ahead of this loop: its own count says which row failed.
      const row = (e.records ?? rows) + 1;
      problems.push({
        line: e.lines ?? 0,
        row,
        message: `Row ${row} is not valid CSV: ${e.message.replace(/^Invalid Record Length: /, '')}.`,
        hint: e.code?.startsWith('CSV_RECORD_INCONSISTENT')
          ? 'Every row needs as many fields as the header; quote values that contain the delimiter.'
          : 'Check the quoting of this row: a quote opens and closes a field.',
      });
      input.destroy();
      return { sha256: hash.digest('hex'), rows, columns, problems };
    }
  }
  return { sha256: hash.digest('hex'), rows, columns, problems };
}
