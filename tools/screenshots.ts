/**
 * Takes the README screenshots (home, a case page, the dashboard) of a built site in
 * headless Chromium, in the light theme at a laptop width.
 *
 *   node scripts/screenshots.ts [--dir site/dist] [--case FC-0001] [--out docs/screenshots]
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.ts';
import { startStaticServer } from '../node/static-server.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'site/dist' },
    case: { type: 'string', default: 'FC-0001' },
    out: { type: 'string', default: 'docs/screenshots' },
    scheme: { type: 'string', default: 'light' },
  },
});
await mkdir(values.out!, { recursive: true });
const server = await startStaticServer({ root: values.dir! });
const browser = await launchChromium();
try {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    colorScheme: values.scheme === 'dark' ? 'dark' : 'light',
  });
  const suffix = values.scheme === 'dark' ? '-dark' : '';
  for (const [name, pagePath, full] of [
    ['home', '', false],
    ['case', `cases/${values.case}/`, true],
    ['dashboard', 'dashboard/', true],
  ] as const) {
    await page.goto(`${server.url}${pagePath}`, { waitUntil: 'networkidle' });
    const file = path.join(values.out!, `${name}${suffix}.png`);
    await page.screenshot({ path: file, fullPage: full });
    process.stdout.write(`${file}\n`);
  }
} finally {
  await browser.close();
  await server.close();
}
