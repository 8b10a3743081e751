/** What every case rule receives and how it reports: the shapes the rule modules share. */
import type { RuleContext } from '../config.ts';
import type { PendingFinding } from '../../model/findings.ts';
import type { Path } from '../../model/paths.ts';
import type { RuleId } from '../../model/rules.ts';
import type { FailureCase } from '../../model/schema-types.ts';
import type { Section } from '../../parse/source.ts';

/** What the rules see of one case. */
export interface CaseInput {
  file: string;
  data: FailureCase;
  /** Markdown body ('' for YAML cases). */
  body: string;
  bodyLine: number;
  sections: Section[];
}

/** Records a finding about the case (an error unless `extra` says otherwise). */
export type AddFinding = (
  rule: RuleId,
  path: Path,
  message: string,
  hint: string,
  extra?: Partial<PendingFinding>,
) => void;

/** A rule family: checks one case and reports through `add`. */
export type CaseRule = (input: CaseInput, ctx: RuleContext, add: AddFinding) => void;
