/** A pool worker that answers each batch with the fast YAML switch as this thread sees it. */
import { parentPort } from 'node:worker_threads';
import { fastYamlEnabled } from '../../core/parse/fast-yaml/index.ts';
import { drain, jobInput, type PoolInput } from '../../node/pool/pool.ts';

const input = await jobInput<PoolInput>();
parentPort!.postMessage(await drain(input, () => fastYamlEnabled()));
