import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonLines, writeJsonLines } from '../../node/json-lines.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'failcat-json-lines-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readAll(file: string): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of readJsonLines(file)) values.push(value);
  return values;
}

describe('JSON Lines files', () => {
  it('gives back every value, whatever line breaks its strings hold', async () => {
    // readline would end a line at CR, U+2028 and U+2029 inside a string.
    const values = [
      { text: 'a\u2028b\u2029c\r\nd\re\nf' },
      'a lone \ud800 surrogate',
      42,
      null,
      ['x', { y: [] }],
    ];
    const file = path.join(dir, 'breaks.jsonl');
    await writeJsonLines(file, values);
    expect(await readAll(file)).toEqual(values);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(values.length + 1);
  });

  it('reads values longer than a read chunk, and many of them', async () => {
    const values = Array.from({ length: 300 }, (_, i) => ({
      i,
      text: 'é'.repeat(i === 7 ? 3_000_000 : i * 50),
    }));
    const file = path.join(dir, 'long.jsonl');
    await writeJsonLines(file, values);
    expect(await readAll(file)).toEqual(values);
  });

  it('writes a generator without holding its values, and fails when the file cannot be written', async () => {
    const file = path.join(dir, 'generated.jsonl');
    await writeJsonLines(
      file,
      (function* () {
        for (let i = 0; i < 1000; i++) yield { i };
      })(),
    );
    expect((await readAll(file)).at(-1)).toEqual({ i: 999 });
    await expect(writeJsonLines(path.join(dir, 'missing', 'x.jsonl'), [1])).rejects.toThrow(/ENOENT/);
  });
});
