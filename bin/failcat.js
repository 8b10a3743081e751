#!/usr/bin/env node
/**
 * The `failcat` executable. It turns on Node's compile cache before any module loads,
 * so a warm start reads compiled modules from the cache (in the checkout, it also spares
 * the TypeScript stripper, in this process and in the worker threads, which inherit
 * NODE_COMPILE_CACHE): start-up counts, since every command is a new process.
 * In a checkout it runs the TypeScript sources; the npm package ships no scripts/ but
 * their compiled JavaScript in dist/ (tools/build-package.ts): Node does not strip types
 * from files under node_modules.
 */
import { existsSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { URL } from 'node:url';

// Stop with a sentence, not a stack trace, on a Node.js too old for failcat (package.json's engines).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `failcat needs Node.js 22.12 or newer, and this is Node.js ${process.versions.node}. ` +
      'Install a newer Node.js (failcat is developed on 24, see its .nvmrc) and run the command again.\n',
  );
  process.exit(1);
}

module.enableCompileCache?.();
// The cache folder holds one subfolder per Node version; workers are given its parent.
const cacheDir = module.getCompileCacheDir?.();
if (cacheDir) process.env.NODE_COMPILE_CACHE ??= path.dirname(cacheDir);
const source = new URL('../scripts/failcat.ts', import.meta.url);
const checkout = existsSync(source);
if (checkout && !process.features.typescript) {
  // A source checkout runs its TypeScript directly, which needs Node's type stripping.
  process.stderr.write(
    `failcat's source checkout runs TypeScript, which needs Node.js 22.18 or newer (this is ${process.versions.node}). ` +
      'Run it as `npx failcat` in the checkout (the Node.js in its devDependencies), or install a newer Node.js.\n',
  );
  process.exit(1);
}
await import(checkout ? source.href : '../dist/scripts/failcat.js');
