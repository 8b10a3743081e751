/** Worker thread body of the near-duplicate search: the best matches over a range of bands. */
import module from 'node:module';

// As in the CLI's entry point: reuse compiled modules across runs (see bin/failcat.js).
module.enableCompileCache?.();
const { answerSimilarityJob } = await import('./similarity.ts');
await answerSimilarityJob();
