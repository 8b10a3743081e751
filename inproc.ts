import { validateCatalog } from './core/catalog.ts';
import { fsReader } from './scripts/lib/fs-reader.ts';
const a = performance.now();
const r = await validateCatalog('/tmp/b10k', fsReader);
console.log('in-process', ((performance.now() - a) / 1000).toFixed(2), 's', r.caseCount, r.findings.length, 'cpu', (process.cpuUsage().user / 1e6).toFixed(2));
