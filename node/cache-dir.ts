/**
 * failcat's own cache folder: `.cache/failcat` in the node_modules folder failcat is
 * installed in (in a checkout, its own node_modules), whatever the current folder is, so
 * no command leaves a cache in the folder it was run from.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The cache folder for a module at `moduleUrl` (this module's place by default). */
export function failcatCacheDir(moduleUrl: string = import.meta.url): string {
  const file = fileURLToPath(moduleUrl);
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  // A checkout: node/ sits in the repository root, beside its node_modules.
  const modules =
    at >= 0 ? file.slice(0, at + marker.length - 1) : path.join(path.dirname(file), '..', 'node_modules');
  return path.join(modules, '.cache', 'failcat');
}
