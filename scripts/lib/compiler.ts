/**
 * V8's optimising compiler for a command's job. V8 runs hot code first in its interpreter,
 * then compiles it with Maglev (quick to compile) and, hotter still, with TurboFan (slow to
 * compile, faster code). Every worker thread compiles the same parser again, and on a
 * two-core machine that compiling takes the cores the threads read on: a short job spends
 * more CPU in TurboFan than its faster code gives back before the job ends.
 *
 * Measured with `failcat check` (cold, interleaved runs on the 2-core machine): at 10,000
 * cases, 0.63 s → 0.54 s whole process and 1.13 → 0.97 s of CPU without TurboFan; at
 * 100,000 cases no gain (3.62 s with it, 3.84 s without, within the noise), so long jobs
 * keep it.
 */
import v8 from 'node:v8';

/**
 * From this many case files, a job keeps TurboFan: a cold check of 100,000 cases parses
 * for seconds, and a warm one still matches 100,000 cached cases in JavaScript.
 */
export const TURBOFAN_MIN_FILES = 40_000;

/**
 * Turns TurboFan off, process-wide and so in every worker thread, for a job of fewer
 * than TURBOFAN_MIN_FILES case files. V8 reads this flag each time it decides to optimise a
 * function, so setting it while the process runs takes effect (unlike, say, --max-opt,
 * which V8 reads once at start); call it before the job's hot code runs. For commands
 * only: a library must not change the flags of the process that loaded it.
 */
export function compilerForJob(files: number): void {
  if (files < TURBOFAN_MIN_FILES) v8.setFlagsFromString('--no-turbofan');
}
