/**
 * The rules a single case must pass beyond its schema, one family a module: id and file
 * name, dates, references into the taxonomy, checklist and policy, the severity rubric,
 * what each severity requires, sensitive data and blameless wording, evidence shape, plan links.
 * Rule ids and their descriptions are registered in core/model/rules.ts.
 */
import type { RuleContext } from '../config.ts';
import type { PendingFinding } from '../../model/findings.ts';
import { checkCharacters } from './characters.ts';
import { checkDates } from './dates.ts';
import { checkEvidence } from './evidence.ts';
import { checkIdentity } from './identity.ts';
import { checkPlaceholders } from './placeholders.ts';
import { checkPlans } from './plans.ts';
import { checkRedact } from './redact.ts';
import { checkReferences } from './references.ts';
import { checkRequirements } from './requirements.ts';
import { checkRubric } from './rubric.ts';
import { checkText } from './text-scan.ts';
import type { AddFinding, CaseInput, CaseRule } from './types.ts';

export type { CaseInput } from './types.ts';

/** The rule families, in the order their findings are reported. */
const CASE_RULES: readonly CaseRule[] = [
  checkIdentity,
  checkDates,
  checkReferences,
  checkRubric,
  checkRequirements,
  checkPlaceholders,
  checkText,
  checkCharacters,
  checkRedact,
  checkEvidence,
  checkPlans,
];

/** Runs every single-case rule. */
export function checkCase(input: CaseInput, ctx: RuleContext): PendingFinding[] {
  const findings: PendingFinding[] = [];
  const add: AddFinding = (rule, path, message, hint, extra = {}) =>
    findings.push({ file: input.file, rule, severity: 'error', path, message, hint, ...extra });
  for (const rule of CASE_RULES) rule(input, ctx, add);
  return findings;
}
