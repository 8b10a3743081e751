import { describe, expect, it } from 'vitest';
import { describeCaseFile } from '../../action/src/changed-case.ts';
import { InputError, readConfig } from '../../action/src/config.ts';
import { retryAfterSeconds } from '../../action/src/github.ts';
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
      testResults: [],
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
          'test-results': 'reports/pytest.xml,\n  reports/*-junit.xml\n',
        }),
      ),
    ).toMatchObject({
      testResults: ['reports/pytest.xml', 'reports/*-junit.xml'],
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
  const BOT = 'github-actions[bot]';
  const others = [
    { id: 1, body: 'hello', author: BOT },
    { id: 2, body: null, author: BOT },
  ];

  it('creates when there is none, updates when it changed, leaves it when equal', () => {
    expect(planComment(others, M, `${M}\nnew`, undefined, BOT).plan).toEqual({
      action: 'create',
      body: `${M}\nnew`,
    });
    const existing = [...others, { id: 3, body: `${M}\nold`, author: BOT }];
    expect(planComment(existing, M, `${M}\nnew`, undefined, BOT).plan).toEqual({
      action: 'update',
      id: 3,
      body: `${M}\nnew`,
    });
    expect(planComment(existing, M, `${M}\nold`, undefined, BOT).plan).toEqual({ action: 'none' });
  });

  it('replaces or deletes when clean, and stays quiet on a clean PR', () => {
    const existing = [{ id: 3, body: `${M}\nold`, author: BOT }];
    expect(planComment(existing, M, undefined, `${M}\nclean`, BOT).plan).toEqual({
      action: 'update',
      id: 3,
      body: `${M}\nclean`,
    });
    expect(planComment(existing, M, undefined, undefined, BOT).plan).toEqual({ action: 'delete', id: 3 });
    expect(planComment(others, M, undefined, `${M}\nclean`, BOT).plan).toEqual({ action: 'none' });
  });

  it("takes only the token's own account's comments for its own, whoever else pasted the marker", () => {
    const pasted = { id: 7, body: `${M}\npasted by hand`, author: 'reviewer' };
    const otherBot = { id: 8, body: `${M}\nanother app`, author: 'other-app[bot]' };
    const mine = { id: 9, body: `${M}\nold`, author: 'Alice' };
    // A personal token: alice's comment is the one (logins compare without case).
    expect(planComment([pasted, otherBot, mine], M, `${M}\nnew`, undefined, 'alice')).toEqual({
      plan: { action: 'update', id: 9, body: `${M}\nnew` },
      duplicates: [],
    });
    expect(planComment([pasted, otherBot, mine], M, undefined, undefined, 'alice')).toEqual({
      plan: { action: 'delete', id: 9 },
      duplicates: [],
    });
    // The workflow token, with no comment of its own yet: a new comment, nothing else touched.
    expect(planComment([pasted, otherBot, mine], M, `${M}\nnew`, undefined, BOT)).toEqual({
      plan: { action: 'create', body: `${M}\nnew` },
      duplicates: [],
    });
    // Unknown identity: nothing is the action's.
    expect(planComment([pasted, mine], M, undefined, undefined, undefined).plan).toEqual({ action: 'none' });
  });

  it('ignores comments that only mention the marker, and removes duplicates', () => {
    const existing = [
      { id: 4, body: `quoting ${M}`, author: BOT },
      { id: 5, body: `${M}\na`, author: BOT },
      { id: 6, body: `${M}\nb`, author: BOT },
    ];
    expect(planComment(existing, M, `${M}\nc`, undefined, BOT)).toEqual({
      plan: { action: 'update', id: 5, body: `${M}\nc` },
      duplicates: [6],
    });
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds or an HTTP date, and nothing else', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('0.5', now)).toBe(1);
    expect(retryAfterSeconds('Wed, 21 Oct 2026 07:29:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds('Wed, 21 Oct 2026 07:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds(undefined, now)).toBeUndefined();
    expect(retryAfterSeconds('', now)).toBeUndefined();
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
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
