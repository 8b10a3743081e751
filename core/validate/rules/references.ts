/**
 * `taxonomy-ref`, `checklist-ref` and `severity-ref`: every id a case names from
 * taxonomy.yaml, checklist.yaml and policy.yaml is defined there.
 */
import type { CaseRule } from './types.ts';
import type { Path } from '../../model/paths.ts';
import { didYouMean } from '../../model/text.ts';

/** Checks the failure modes, layers, detection method, kinds, safeguard checks and severity of a case. */
export const checkReferences: CaseRule = ({ data }, ctx, add) => {
  const ref = (
    rule: 'taxonomy-ref' | 'checklist-ref' | 'severity-ref',
    set: Set<string> | undefined,
    value: string | undefined,
    path: Path,
    what: string,
    file: string,
  ) => {
    if (!set || value === undefined || set.has(value)) return;
    const known = [...set];
    const guess = didYouMean(value, known, { by: 'shared-prefix' });
    add(
      rule,
      path,
      `${what} \`${value}\` is not defined in ${file}.`,
      guess
        ? `Did you mean \`${guess}\`? Or add \`${value}\` to ${file} in the same PR.`
        : `Use one of: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''}; or add it to ${file}.`,
    );
  };
  data.failure_modes?.forEach((m, i) =>
    ref('taxonomy-ref', ctx.failureModes, m, ['failure_modes', i], 'Failure mode', 'taxonomy.yaml'),
  );
  data.root_causes?.forEach((c, i) =>
    ref(
      'taxonomy-ref',
      ctx.layers,
      c.layer,
      ['root_causes', i, 'layer'],
      'Root-cause layer',
      'taxonomy.yaml',
    ),
  );
  ref(
    'taxonomy-ref',
    ctx.detectionMethods,
    data.detection?.method,
    ['detection', 'method'],
    'Detection method',
    'taxonomy.yaml',
  );
  data.evidence?.examples?.forEach((e, i) =>
    ref(
      'taxonomy-ref',
      ctx.exampleKinds,
      e.kind,
      ['evidence', 'examples', i, 'kind'],
      'Example kind',
      'taxonomy.yaml',
    ),
  );
  data.evidence?.links?.forEach((l, i) =>
    ref(
      'taxonomy-ref',
      ctx.linkKinds,
      l.kind,
      ['evidence', 'links', i, 'kind'],
      'Link kind',
      'taxonomy.yaml',
    ),
  );
  data.safeguards?.forEach((s, i) =>
    ref('checklist-ref', ctx.checks, s.check, ['safeguards', i, 'check'], 'Checklist item', 'checklist.yaml'),
  );
  const severities = ctx.severityOrder ? new Set(ctx.severityOrder) : undefined;
  ref('severity-ref', severities, data.severity, ['severity'], 'Severity', 'policy.yaml');
};
