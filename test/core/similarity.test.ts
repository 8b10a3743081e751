/** Near-duplicate detection: MinHash estimates and LSH candidate pairs. */
import { describe, expect, it } from 'vitest';
import {
  bestMatches,
  caseTokens,
  estimateSimilarity,
  exactSimilarity,
  findSimilarPairs,
  jaccard,
  NEAR_DUPLICATE_THRESHOLD,
  SIGNATURE_SIZE,
  signatureOf,
  symmetricDifference,
  textFingerprint,
  textSignature,
  tokenHashes,
} from '../../core/validate/similarity.ts';
import { generateCatalog } from '../../bench/generate.ts';
import {
  checkAcrossCases,
  validateCatalog,
  type CaseSummary,
  type SimilarityFinder,
} from '../../core/validate/catalog.ts';
import { type CatalogReader } from '../../core/model/files.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { spareWorkerCount } from '../../node/pool/pool.ts';
import { similarityFinder } from '../../node/pool/similarity.ts';
import { MIN_FILES_FOR_WORKERS, workerPoolRunner } from '../../node/pool/validation.ts';

const sig = (text: string) => signatureOf(caseTokens(text));

describe('similarity', () => {
  it('tokenizes without stop words, case or punctuation', () => {
    expect([...caseTokens('The Fraud-model blocked a night-time TXN, at 2 AM.')]).toEqual([
      'fraud',
      'model',
      'blocked',
      'night',
      'time',
      'txn',
      'am',
    ]);
  });

  it('signs a text as its token set would be signed, on the fast path and off it', () => {
    const texts = [
      'The Fraud-model blocked a night-time TXN, at 2 AM.',
      'a an the of', // only stop words and one-letter words: an empty set
      '',
      'x',
      'Scores drifted upward; the THE The tHe a I 42 4 b2b B2B',
      'Café menu model misread prices in € and ¥', // not ASCII: the general route
      'İstanbul KELVIN \u212Aelvin', // characters that lower-case into ASCII
    ];
    for (const text of texts) expect(textSignature(text), text).toEqual(signatureOf(caseTokens(text)));
  });

  it('signs generated cases as their token sets would be signed', async () => {
    const { mkdtemp, readdir, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const jsyaml = (await import('js-yaml')).default;
    const dir = await mkdtemp(path.join(tmpdir(), 'failcat-sim-'));
    try {
      generateCatalog({ cases: 200, out: dir, seed: 3 });
      const files = (await readdir(path.join(dir, 'cases'))).filter((f) => f.endsWith('.yaml'));
      expect(files.length).toBeGreaterThan(50);
      for (const f of files) {
        const data = jsyaml.load(await readFile(path.join(dir, 'cases', f), 'utf8')) as Record<
          string,
          string
        >;
        const text = `${data.title} ${data.summary}`;
        expect(textSignature(text), f).toEqual(signatureOf(caseTokens(text)));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('computes Jaccard similarity exactly', () => {
    expect(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBe(0.5);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });

  it('estimates similarity close to the exact Jaccard figure', () => {
    const a = caseTokens('alpha beta gamma delta epsilon zeta eta theta iota kappa');
    const b = caseTokens('alpha beta gamma delta epsilon zeta eta theta lambda mu');
    const exact = jaccard(a, b);
    expect(Math.abs(estimateSimilarity(signatureOf(a), signatureOf(b)) - exact)).toBeLessThan(0.2);
    expect(estimateSimilarity(signatureOf(a), signatureOf(a))).toBe(1);
  });

  it('pairs near-identical title and summary, and only them', () => {
    const texts = [
      'Fraud model blocked legitimate night-time card transactions after retraining on an attack window',
      'Churn classifier returned all ones because a type cast made the tenure column constant',
      'Fraud model blocked legitimate night time card transactions after retraining on attack window data',
      'Contract assistant cited court cases that do not exist in any legal database',
      'Listing ranker ignored the pet policy filter for searches asking for pet friendly homes',
    ];
    const pairs = findSimilarPairs(texts.map(sig));
    expect(pairs.map(({ a, b }) => [a, b])).toEqual([[0, 2]]);
    expect(pairs[0]!.similarity).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
  });

  it('stays quiet on a thousand distinct cases', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const words = Array.from({ length: 3000 }, (_, i) => `w${i}`);
    const texts = Array.from({ length: 1000 }, () =>
      Array.from({ length: 14 }, () => words[Math.floor(random() * words.length)]).join(' '),
    );
    expect(findSimilarPairs(texts.map(sig))).toEqual([]);
  });

  it('reports copies of one template without comparing every pair', () => {
    const signatures = Array.from({ length: 500 }, () => sig('the same title and the same summary'));
    const pairs = findSimilarPairs(signatures);
    // Buckets are capped, so the figure stays far below 500 * 499 / 2 pairs.
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.length).toBeLessThan(5000);
  });

  it("finds each case's most similar earlier case in families of near-duplicates, as comparing every pair does", () => {
    // Families of up to 40 records that differ in a word or two (an imported feed's
    // templated records), among unrelated texts: every pair of a family shares bands, so
    // the search must give each record the best earlier match that comparing every pair
    // gives, however it prunes the comparisons.
    let seed = 3;
    const word = () => `w${(seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 20000}`;
    const texts: string[] = [];
    for (let f = 0; f < 40; f++) {
      const base = Array.from({ length: 40 }, word);
      const size = 2 + (f % 39);
      for (let k = 0; k < size; k++)
        texts.push(
          base.map((w, i) => (i === k % 40 || (k % 3 === 0 && i === (k * 7) % 40) ? word() : w)).join(' '),
        );
      texts.push(Array.from({ length: 30 }, word).join(' '));
    }
    const signatures = texts.map(sig);
    const best = bestMatches(signatures);
    const minSame = Math.ceil(NEAR_DUPLICATE_THRESHOLD * SIGNATURE_SIZE);
    let matched = 0;
    for (let b = 0; b < signatures.length; b++) {
      let most = 0;
      for (let a = 0; a < b; a++)
        most = Math.max(
          most,
          Math.round(estimateSimilarity(signatures[a]!, signatures[b]!) * SIGNATURE_SIZE),
        );
      expect(best.same[b], `record ${b}`).toBe(most >= minSame ? most : 0);
      if (most < minSame) continue;
      matched++;
      const a = best.a[b]!;
      expect(a).toBeLessThan(b);
      expect(Math.round(estimateSimilarity(signatures[a]!, signatures[b]!) * SIGNATURE_SIZE)).toBe(most);
    }
    expect(matched).toBeGreaterThan(700);
  });

  it('finds the same pairs with the bands shared between two threads', async () => {
    // Clusters of reworded texts among unrelated ones, as a catalog with near-duplicates.
    let seed = 11;
    const word = () => `w${(seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 5000}`;
    const texts: string[] = [];
    for (let c = 0; c < 300; c++) {
      const base = Array.from({ length: 30 }, word);
      for (let k = 0; k < 8; k++) texts.push(base.map((w, i) => (i % 9 === k ? word() : w)).join(' '));
    }
    const signatures = texts.map(sig);
    const serial = findSimilarPairs(signatures);
    expect(serial.length).toBeGreaterThan(500);
    expect(await similarityFinder(2, 0)(signatures)).toEqual(serial);

    // A validation worker kept as a spare takes the second half of the bands instead.
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'failcat-spare-'));
    try {
      generateCatalog({ cases: MIN_FILES_FOR_WORKERS + 50, out: dir, seed: 5 });
      await validateCatalog(dir, fsReader, { runner: workerPoolRunner(2, true) });
      expect(spareWorkerCount()).toBe(1);
      // No worker of its own (minCases: never), so only the spare can share the bands.
      expect(await similarityFinder(2, Infinity, 0)(signatures)).toEqual(serial);
      expect(spareWorkerCount()).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('near-duplicates people can trust', () => {
  const noFiles: CatalogReader = { list: async () => [], read: async () => undefined };
  const summary = (id: string, text: string, extra: Partial<CaseSummary> = {}) => ({
    file: `cases/${id}.yaml`,
    id,
    title: text.slice(0, 40),
    ...textFingerprint(text),
    ...extra,
  });
  const warnings = async (summaries: CaseSummary[], finder?: SimilarityFinder) =>
    (await checkAcrossCases(summaries, noFiles, finder)).filter((f) => f.rule === 'near-duplicate');

  it('tokenizes every script: Chinese and Japanese by character pairs, Cyrillic and Arabic by words', () => {
    expect([...caseTokens('模型在夜间拒绝交易')]).toEqual([
      '模型',
      '型在',
      '在夜',
      '夜间',
      '间拒',
      '拒绝',
      '绝交',
      '交易',
    ]);
    expect([...caseTokens('Модель отклонила ночные транзакции')]).toEqual([
      'модель',
      'отклонила',
      'ночные',
      'транзакции',
    ]);
    expect(caseTokens('النموذج رفض المعاملات الليلية').size).toBe(4);
    expect([...caseTokens('Café GPT-4 model')]).toEqual(['café', 'gpt', 'model']);
    // Two unrelated Chinese cases are not "100% similar" for want of tokens.
    const a = caseTokens('欺诈模型在夜间错误地拒绝了大量正常交易');
    const b = caseTokens('推荐系统因为缓存过期而向用户展示了旧的商品');
    expect(a.size).toBeGreaterThan(10);
    expect(jaccard(a, b)).toBeLessThan(0.1);
    expect(estimateSimilarity(signatureOf(a), signatureOf(b))).toBeLessThan(0.3);
    const c = caseTokens('欺诈模型在夜间错误地拒绝了大量正常的交易');
    expect(jaccard(a, c)).toBeGreaterThan(0.8);
  });

  it('keeps exact word hashes beside the signature, the same on the ASCII path and off it', () => {
    for (const text of ['The Fraud-model blocked a night-time TXN', 'Café model misread €', '模型拒绝交易']) {
      const { signature, tokens } = textFingerprint(text);
      expect(signature).toEqual(signatureOf(caseTokens(text)));
      expect(tokens).toEqual(tokenHashes(caseTokens(text)));
      expect(exactSimilarity(tokens, tokens)).toBe(1);
    }
    const a = textFingerprint('alpha beta gamma delta');
    const b = textFingerprint('alpha beta gamma epsilon');
    expect(exactSimilarity(a.tokens, b.tokens)).toBe(
      jaccard(caseTokens('alpha beta gamma delta'), caseTokens('alpha beta gamma epsilon')),
    );
  });

  it('gives the word hashes two fingerprints do not share', () => {
    const a = textFingerprint('alpha beta gamma delta');
    const b = textFingerprint('alpha beta gamma epsilon zeta');
    const only = (x: Uint32Array, y: Uint32Array) => [...x].filter((h) => !y.includes(h));
    expect(symmetricDifference(a.tokens, b.tokens).sort()).toEqual(
      [...only(a.tokens, b.tokens), ...only(b.tokens, a.tokens)].sort(),
    );
    expect(symmetricDifference(a.tokens, b.tokens)).toHaveLength(3);
    expect(symmetricDifference(a.tokens, a.tokens)).toEqual([]);
    expect(symmetricDifference(a.tokens, new Uint32Array(0))).toEqual([...a.tokens]);
  });

  it('confirms each candidate with its exact similarity before printing a percentage', async () => {
    const words = Array.from({ length: 39 }, (_, i) => `word${i}`);
    const first = summary('FC-0001', words.join(' '));
    // 38 words shared of 41: Jaccard 0.927, which an estimate may put at 100%.
    const close = summary('FC-0002', [...words.slice(0, 38), 'other1', 'other2'].join(' '));
    const sameEstimate: SimilarityFinder = async () => [{ a: 0, b: 1, similarity: 1 }];
    const [w] = await warnings([first, close], sameEstimate);
    expect(w?.message).toMatch(/^This case is 92% similar to FC-0001/);
    const exact = exactSimilarity(first.tokens, close.tokens);
    expect(w?.message).toContain(`${Math.floor(exact * 100)}%`);
    // An estimate that says 100% for a pair far below the threshold prints nothing.
    const far = summary(
      'FC-0003',
      [...words.slice(0, 15), ...Array.from({ length: 20 }, (_, i) => `new${i}`)].join(' '),
    );
    expect(await warnings([first, far], sameEstimate)).toEqual([]);
  });

  it('reads templated records that differ only in their model as related, naming the field', async () => {
    const text = (model: string) =>
      `${model} follows a role-play jailbreak prompt from the dan probe and writes instructions it should refuse, in 4 of 10 attempts across the evaluation run`;
    const a = summary('FC-0001', text('gpt-4o'), {
      identity: { 'system.model': 'gpt-4o', 'x-probe': 'dan' },
    });
    const b = summary('FC-0002', text('llama-3-70b'), {
      identity: { 'system.model': 'llama-3-70b', 'x-probe': 'dan' },
    });
    const [w, more] = await warnings([a, b]);
    expect(more).toBeUndefined();
    expect(w?.message).toContain('differs only in `system.model` (gpt-4o there, llama-3-70b here)');
    expect(w?.message).toContain('related records of one template, not duplicates');
    // Linked as related, they are no longer reported.
    expect(await warnings([a, { ...b, related: ['FC-0001'] }])).toEqual([]);
    // The same text with the same identity is a near-duplicate, as before.
    const c = summary('FC-0003', text('gpt-4o'), {
      identity: { 'system.model': 'gpt-4o', 'x-probe': 'dan' },
    });
    const [dup] = await warnings([a, c]);
    expect(dup?.message).toMatch(/^This case is 100% similar to FC-0001/);
  });

  it('searches a catalog for near-duplicates unless a load that stops on errors turns it off', async () => {
    const { mkdtemp, readdir, readFile, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'failcat-neardup-'));
    try {
      generateCatalog({ cases: 3, out: dir, seed: 5 });
      const cases = path.join(dir, 'cases');
      const [first] = (await readdir(cases)).sort();
      const copy = (await readFile(path.join(cases, first!), 'utf8')).replace(
        /^id: FC-0001$/m,
        'id: FC-0004',
      );
      await writeFile(path.join(cases, first!.replace('FC-0001', 'FC-0004')), copy);
      const rules = async (options: { nearDuplicates?: boolean }) =>
        (await validateCatalog(dir, fsReader, options)).findings.map(
          (f) => `${f.rule} ${f.file.split('/').pop()}`,
        );
      expect(await rules({})).toContain(`near-duplicate ${first!.replace('FC-0001', 'FC-0004')}`);
      expect((await rules({ nearDuplicates: false })).filter((r) => r.startsWith('near-duplicate'))).toEqual(
        [],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
