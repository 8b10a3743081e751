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

module.enableCompileCache?.();
// The cache folder holds one subfolder per Node version; workers are given its parent.
const cacheDir = module.getCompileCacheDir?.();
if (cacheDir) process.env.NODE_COMPILE_CACHE ??= path.dirname(cacheDir);
const source = new URL('../scripts/failcat.ts', import.meta.url);
await import(existsSync(source) ? source.href : '../dist/scripts/failcat.js');
