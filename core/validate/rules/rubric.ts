/** `severity-rubric`: the declared severity is at least what the policy's rubric sets for the impact. */
import type { RuleContext } from '../config.ts';
import type { CaseRule } from './types.ts';
import { getPath } from '../../model/paths.ts';
import type { FailureCase } from '../../model/schema-types.ts';

/** The least severe severity the policy's rubric allows for a case, with the rules that set it. */
export function severityFloor(
  data: FailureCase,
  ctx: RuleContext,
): { floor: string; rules: { id: string; field: string; description?: string }[] } | undefined {
  const order = ctx.severityOrder;
  const rubric = ctx.config.policy?.rubric;
  if (!order || !rubric) return undefined;
  let floorIndex = Infinity;
  let rules: { id: string; field: string; description?: string }[] = [];
  for (const rule of rubric) {
    const value = getPath(data, rule.field);
    const applies =
      rule.equals !== undefined
        ? value === rule.equals
        : typeof value === 'number' && value >= (rule.at_least as number);
    if (!applies) continue;
    const index = order.indexOf(rule.min_severity);
    if (index < floorIndex) {
      floorIndex = index;
      rules = [rule];
    } else if (index === floorIndex) {
      rules.push(rule);
    }
  }
  return floorIndex === Infinity ? undefined : { floor: order[floorIndex]!, rules };
}

/** Checks the declared severity against the floor the rubric sets. */
export const checkRubric: CaseRule = ({ data }, ctx, add) => {
  const order = ctx.severityOrder;
  const declared = order?.indexOf(data.severity) ?? -1;
  if (!order || declared < 0) return;
  const floor = severityFloor(data, ctx);
  if (!floor || order.indexOf(floor.floor) >= declared) return;
  const because = floor.rules
    .map(
      (r) =>
        `\`${r.field}: ${JSON.stringify(getPath(data, r.field))}\` (rule ${r.id}${r.description ? `: ${r.description}` : ''})`,
    )
    .join('; ');
  // Severities run most severe first: the floor may be the most severe there is.
  const moreSevere = order.slice(0, order.indexOf(floor.floor));
  add(
    'severity-rubric',
    ['severity'],
    `Declared severity ${data.severity} is below ${floor.floor}, which the impact requires: ${because}.`,
    `Raise severity to ${floor.floor}${moreSevere.length > 0 ? ` (or ${moreSevere.join(' or ')})` : ''}, or correct the impact field if it is wrong.`,
  );
};
