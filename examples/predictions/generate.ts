/**
 * Generates the example predictions files the sample catalog's evidence is computed from,
 * reproducibly (a seeded generator): the same command always writes the same bytes.
 *
 *   node examples/predictions/generate.ts [--rows-scale N] [--out DIR]
 *
 * fraud-2025-06-14.csv: a replay of one day of card transactions through txn-fraud-gbm 3.4.0
 * (FC-0001): legitimate card-present purchases at night score high, so the 02-05 slice has a
 * low precision and a high false-positive rate while the whole looks healthy.
 * listing-ranker-2025q3.jsonl: judged search results of listing-ranker-lambdamart 12.0 (FC-0006):
 * pet-friendly listings for pet-intent queries score low, because the model never saw the
 * structured pet policy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** mulberry32: a small, fast, seeded generator; enough for example data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A number from a logistic of `x` plus noise, clamped to [0, 1], three decimals. */
function squash(x: number): number {
  return Math.round((1 / (1 + Math.exp(-x))) * 1000) / 1000;
}

function pick<T>(rand: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items.at(-1)![0];
}

function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

const CATEGORIES = [
  ['grocery', 30],
  ['fuel', 18],
  ['restaurant', 20],
  ['online_retail', 17],
  ['electronics', 7],
  ['travel', 5],
  ['pharmacy', 3],
] as const;

function bucket(hour: number): string {
  if (hour < 2) return '00-01';
  if (hour < 6) return '02-05';
  if (hour < 12) return '06-11';
  if (hour < 18) return '12-17';
  return '18-23';
}

/** One day of transactions: about 7% at night, fraud about 2%, higher online and at night. */
export function fraudRows(rows: number, seed = 20250614): string {
  const rand = random(seed);
  const lines = [
    'txn_id,local_hour,hour_bucket,card_present,merchant_category,amount,is_fraud,score,decision',
  ];
  for (let i = 1; i <= rows; i++) {
    const night = rand() < 0.07;
    const hour = night
      ? 2 + Math.floor(rand() * 4)
      : pick(rand, [[0, 2], [1, 1], ...Array.from({ length: 18 }, (_, h) => [h + 6, 5] as const)]);
    const category = pick(rand, CATEGORIES);
    const present = category !== 'online_retail' && rand() < 0.8;
    const fraudRate = (present ? 0.01 : 0.04) * (night ? 2.5 : 1) * (category === 'electronics' ? 2 : 1);
    const fraud = rand() < fraudRate;
    const amount = Math.round(Math.exp(3.2 + gauss(rand) * 0.9 + (fraud ? 0.6 : 0)) * 100) / 100;
    // 3.4.0 learned the hour as a fraud signal: night lifts every score, most of all card-present ones.
    const lift = night ? (present ? 3.0 : 1.2) : 0;
    const score = squash((fraud ? 2.2 : -3.4) + lift + gauss(rand) * 1.1);
    const decision = score >= 0.8 ? 'fraud' : 'legitimate';
    lines.push(
      [
        `T${String(20250614000000 + i)}`,
        hour,
        bucket(hour),
        present ? 'yes' : 'no',
        category,
        amount.toFixed(2),
        fraud ? 'fraud' : 'legitimate',
        score.toFixed(3),
        decision,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

const INTENTS = [
  ['none', 60],
  ['pet', 12],
  ['parking', 12],
  ['accessibility', 8],
  ['long-stay', 8],
] as const;

/** Judged results: ten listings a query, relevance 0/1 by a judge, the ranker's score. */
export function rankingRows(queries: number, seed = 20250930): string {
  const rand = random(seed);
  const lines: string[] = [];
  for (let q = 1; q <= queries; q++) {
    const intent = pick(rand, INTENTS);
    const query = `q-${((q * 2654435761) >>> 0).toString(16).slice(0, 4)}${q}`;
    const results = Array.from({ length: 10 }, (_, r) => {
      const allowsPets = rand() < 0.35;
      const textMentionsPets = rand() < (allowsPets ? 0.3 : 0.15);
      const quality = gauss(rand);
      const relevant = intent === 'pet' ? allowsPets && quality > -0.8 : quality > -0.2;
      // The model sees quality and the description text, never the structured pet policy.
      const x =
        intent === 'pet'
          ? -0.7 + quality * 0.5 + (textMentionsPets ? 1.6 : 0) + gauss(rand) * 0.6
          : (relevant ? 1.0 : -1.2) + quality * 0.8 + gauss(rand) * 0.6;
      return {
        listing: `L${100000 + Math.floor(rand() * 900000)}`,
        relevant,
        allowsPets,
        score: squash(x),
        r,
      };
    });
    results.sort((a, b) => b.score - a.score);
    results.forEach((res, i) =>
      lines.push(
        JSON.stringify({
          query_id: query,
          query_intent: intent,
          listing_id: res.listing,
          position: i + 1,
          pet_policy: res.allowsPets ? 'allowed' : 'not-allowed',
          relevant: res.relevant ? 1 : 0,
          score: res.score,
        }),
      ),
    );
  }
  return lines.join('\n') + '\n';
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { 'rows-scale': { type: 'string', default: '1' }, out: { type: 'string' } },
  });
  const scale = Number(values['rows-scale']);
  const out = values.out ?? new URL('.', import.meta.url).pathname;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'fraud-2025-06-14.csv'), fraudRows(Math.round(6000 * scale)));
  writeFileSync(join(out, 'listing-ranker-2025q3.jsonl'), rankingRows(Math.round(500 * scale)));
  process.stdout.write(`Wrote fraud-2025-06-14.csv and listing-ranker-2025q3.jsonl to ${out}\n`);
}
