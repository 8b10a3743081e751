import { describe, expect, it } from 'vitest';
import { describeCaseFile } from '../../action/src/changed-case.ts';
import { InputError, readConfig } from '../../action/src/config.ts';
import { planComment } from '../../action/src/sticky.ts';
import { memoryReader, readTarball } from '../../node/tarball.ts';
import { makeTarball } from '../../tools/tar.ts';

const M = '<!-- m -->';

describe('readConfig', () => {
  const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';

  it('converts kebab-case inputs with their defaults', () => {
    expect(readConfig(inputs({ 'github-token': 't' }))).toEqual({
      mode: 'auto',
      catalog: 'catalog',
      deployFile: '.failcat/deploy.yml',
      githubToken: 't',
      warnOnly: false,
      comment: true,
    });
    expect(
      readConfig(
        inputs({
          'github-token': 't',
          mode: 'risk',
          'catalog-repository': 'acme/failures',
          'catalog-ref': 'v2',
          'fail-on': 'critical',
          'warn-only': 'TRUE',
          comment: 'false',
        }),
      ),
    ).toMatchObject({
      mode: 'risk',
      catalogRepository: 'acme/failures',
      catalogRef: 'v2',
      failOn: 'critical',
      warnOnly: true,
      comment: false,
    });
  });

  it('names the input and the allowed values on a mistake', () => {
    expect(() => readConfig(inputs({ 'github-token': 't', mode: 'both' }))).toThrow(
      'Input `mode` must be one of auto, validate, risk; got "both".',
    );
    expect(() => readConfig(inputs({ 'github-token': 't', comment: 'maybe' }))).toThrow(InputError);
    expect(() => readConfig(inputs({ 'github-token': 't', 'catalog-repository': 'just-a-name' }))).toThrow(
      /owner\/name/,
    );
    expect(() => readConfig(inputs({}))).toThrow(/github-token/);
  });
});

describe('planComment', () => {
  const others = [
    { id: 1, body: 'hello' },
    { id: 2, body: null },
  ];

  it('creates when there is none, updates when it changed, leaves it when equal', () => {
    expect(planComment(others, M, `${M}\nnew`).plan).toEqual({ action: 'create', body: `${M}\nnew` });
    const existing = [...others, { id: 3, body: `${M}\nold` }];
    expect(planComment(existing, M, `${M}\nnew`).plan).toEqual({
      action: 'update',
      id: 3,
      body: `${M}\nnew`,
    });
    expect(planComment(existing, M, `${M}\nold`).plan).toEqual({ action: 'none' });
  });

  it('replaces or deletes when clean, and stays quiet on a clean PR', () => {
    const existing = [{ id: 3, body: `${M}\nold` }];
    expect(planComment(existing, M, undefined, `${M}\nclean`).plan).toEqual({
      action: 'update',
      id: 3,
      body: `${M}\nclean`,
    });
    expect(planComment(existing, M, undefined).plan).toEqual({ action: 'delete', id: 3 });
    expect(planComment(others, M, undefined, `${M}\nclean`).plan).toEqual({ action: 'none' });
  });

  it("never takes a person's comment for its own, even one that starts with the marker", () => {
    const pasted = { id: 7, body: `${M}\npasted by hand`, authorType: 'User' };
    const bot = { id: 8, body: `${M}\nold`, authorType: 'Bot' };
    // A bot's comment exists: it is the one, and the person's is neither updated nor deleted.
    expect(planComment([pasted, bot], M, `${M}\nnew`)).toEqual({
      plan: { action: 'update', id: 8, body: `${M}\nnew` },
      duplicates: [],
    });
    expect(planComment([pasted, bot], M, undefined)).toEqual({
      plan: { action: 'delete', id: 8 },
      duplicates: [],
    });
    // Writing as a bot (the workflow token), with no bot comment yet: a new comment.
    expect(planComment([pasted], M, `${M}\nnew`, undefined, true).plan).toEqual({
      action: 'create',
      body: `${M}\nnew`,
    });
    // With a personal token the action's comments are a person's: they count.
    expect(planComment([pasted], M, `${M}\nnew`).plan).toEqual({
      action: 'update',
      id: 7,
      body: `${M}\nnew`,
    });
  });

  it('ignores comments that only mention the marker, and removes duplicates', () => {
    const existing = [
      { id: 4, body: `quoting ${M}` },
      { id: 5, body: `${M}\na` },
      { id: 6, body: `${M}\nb` },
    ];
    expect(planComment(existing, M, `${M}\nc`)).toEqual({
      plan: { action: 'update', id: 5, body: `${M}\nc` },
      duplicates: [6],
    });
  });
});

describe('readTarball', () => {
  it('unpacks files without the top folder, long names included', async () => {
    const long = `catalog/cases/${'x'.repeat(120)}.yaml`;
    const files = readTarball(
      makeTarball({ 'catalog/policy.yaml': 'id_prefix: FC\n', [long]: 'id: FC-1\n' }),
      1 << 20,
    );
    expect([...files.keys()].sort()).toEqual([long, 'catalog/policy.yaml']);
    const reader = memoryReader(files);
    expect(await reader.list('catalog/cases')).toEqual([long]);
    expect(new TextDecoder().decode(await reader.read('catalog/policy.yaml'))).toBe('id_prefix: FC\n');
    expect(await reader.read('nope')).toBeUndefined();
  });

  it('says what is wrong with a broken download', () => {
    expect(() => readTarball(new TextEncoder().encode('<html>not a tarball</html>'), 1 << 20)).toThrow(
      /could not be unpacked/,
    );
  });
});

describe('describeCaseFile', () => {
  it('names a case with errors and leaves an unparsable one unnamed', () => {
    const bytes = (t: string) => new TextEncoder().encode(t);
    expect(describeCaseFile('a.yaml', bytes('id: FC-1\ntitle: T\nseverity: SEV9\nstatus: nope\n'))).toEqual({
      file: 'a.yaml',
      id: 'FC-1',
      title: 'T',
      severity: 'SEV9',
    });
    expect(describeCaseFile('b.yaml', bytes('id: [\n'))).toEqual({ file: 'b.yaml' });
    expect(describeCaseFile('c.yaml', undefined)).toEqual({ file: 'c.yaml' });
  });
});
