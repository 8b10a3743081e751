/**
 * `plan-ref`: a retraining or evaluation plan links regression tests the case defines, and
 * its benchmarks probe failure modes taxonomy.yaml defines (`taxonomy-ref`).
 */
import type { CaseRule } from './types.ts';
import { didYouMean } from '../../model/text.ts';

/** Checks the regression tests and failure modes the plans of a case name. */
export const checkPlans: CaseRule = ({ data }, ctx, add) => {
  const tests = (data.regression_tests ?? []).map((t) => t.id);
  for (const key of ['retraining_plan', 'evaluation_plan'] as const) {
    const plan = data[key];
    if (!plan) continue;
    plan.regression_tests?.forEach((id, i) => {
      if (tests.includes(id)) return;
      const guess = didYouMean(id, tests, { by: 'shared-prefix' });
      add(
        'plan-ref',
        [key, 'regression_tests', i],
        `The ${key.replace('_', ' ')} links regression test \`${id}\`, which this case's regression_tests do not define.`,
        guess
          ? `Did you mean \`${guess}\`? Or add \`${id}\` to regression_tests.`
          : tests.length > 0
            ? `Use one of: ${tests.join(', ')}; or add \`${id}\` to regression_tests.`
            : `Add \`${id}\` to the case's regression_tests with a description.`,
      );
    });
    const benchmarks = key === 'evaluation_plan' ? (data.evaluation_plan?.benchmarks ?? []) : [];
    benchmarks.forEach((b, i) =>
      b.failure_modes?.forEach((m, j) => {
        if (!ctx.failureModes || ctx.failureModes.has(m)) return;
        const guess = didYouMean(m, [...ctx.failureModes], { by: 'shared-prefix' });
        add(
          'taxonomy-ref',
          [key, 'benchmarks', i, 'failure_modes', j],
          `Failure mode \`${m}\` is not defined in taxonomy.yaml.`,
          guess
            ? `Did you mean \`${guess}\`? Or add \`${m}\` to taxonomy.yaml in the same PR.`
            : `Add \`${m}\` to taxonomy.yaml, or name a defined failure mode.`,
        );
      }),
    );
  }
};
