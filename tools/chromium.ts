/** Debian's Chromium, headless, for the browser tests, the search benchmark and the screenshots. */
import { chromium, type Browser } from 'playwright-core';

/** Flags that keep Chromium quiet and working as root in a container. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Chromium (CHROMIUM_PATH, default /usr/bin/chromium). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  try {
    return await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new Error(
      `Could not start Chromium at ${executablePath}: ${(error as Error).message}. ` +
        'Install it (apt-get install -y chromium) or set CHROMIUM_PATH.',
      { cause: error },
    );
  }
}
