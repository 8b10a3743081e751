#!/usr/bin/env node
/**
 * The `failcat` executable. It turns on Node's compile cache before any TypeScript loads,
 * so a warm start reads the stripped and compiled modules from the cache and never starts
 * the TypeScript stripper, in this process or in the worker threads validation starts
 * (they inherit NODE_COMPILE_CACHE): start-up counts, since every command is a new process.
 */
import module from 'node:module';
import path from 'node:path';
import process from 'node:process';

module.enableCompileCache?.();
// The cache folder holds one subfolder per Node version; workers are given its parent.
const cacheDir = module.getCompileCacheDir?.();
if (cacheDir) process.env.NODE_COMPILE_CACHE ??= path.dirname(cacheDir);
await import('../scripts/failcat.ts');
