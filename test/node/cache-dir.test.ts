import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { failcatCacheDir } from '../../node/cache-dir.ts';

describe('failcatCacheDir', () => {
  it('is in the node_modules folder an installed failcat sits in, whatever the current folder', () => {
    expect(failcatCacheDir('file:///srv/repo/node_modules/failcat/dist/node/cache-dir.js')).toBe(
      path.join('/srv/repo/node_modules', '.cache', 'failcat'),
    );
  });

  it("is in the checkout's own node_modules when run from the sources", () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    expect(failcatCacheDir()).toBe(path.join(root, 'node_modules', '.cache', 'failcat'));
  });
});
