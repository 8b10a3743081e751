/**
 * Screenshots of the error-analysis report of a case page and of the plans page, at a
 * desktop and a phone width (375 px), in headless Chromium, from a built site.
 *
 *   node tools/report-screenshots.ts [--dir site/dist] [--case FC-0001] [--out docs/screenshots]
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
  },
});
await mkdir(values.out!, { recursive: true });
const server = await startStaticServer({ root: values.dir! });
const browser = await launchChromium();
try {
  for (const [width, suffix] of [
    [1280, ''],
    [375, '-375'],
  ] as const) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: 'light' });
    await page.goto(`${server.url}cases/${values.case}/`, { waitUntil: 'networkidle' });
    // On a phone, one screen from the start of each section: what a reader sees first.
    const shoot = async (heading: string, file: string) => {
      const section = page.locator(`section:has(> #${heading})`);
      if (width > 600) return section.screenshot({ path: file });
      await page.locator(`#${heading}`).evaluate((e) => e.scrollIntoView());
      return page.screenshot({ path: file });
    };
    const evidence = path.join(values.out!, `case-evidence${suffix}.png`);
    await shoot('s-evidence', evidence);
    const plans = path.join(values.out!, `case-plans${suffix}.png`);
    await shoot('s-plans', plans);
    await page.goto(`${server.url}plans/`, { waitUntil: 'networkidle' });
    const overview = path.join(values.out!, `plans${suffix}.png`);
    await page.screenshot({ path: overview, fullPage: width > 600 });
    process.stdout.write(`${evidence}\n${plans}\n${overview}\n`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
