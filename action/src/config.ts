/**
 * The action's inputs, read and checked once: kebab-case names in action.yml become the
 * camelCase fields the rest of the action uses. Defaults that belong to the catalog (the
 * fail-on level) stay in policy.yaml; an empty input means "use the policy".
 */
import { RISK_LEVELS, type RiskLevel } from '../../core/risk/assess.ts';
import { splitPatterns } from '../../node/test-reports.ts';

/** What the action does: validate catalog PRs, check deployment PRs, or pick by the repository. */
export const MODES = ['auto', 'validate', 'risk'] as const;
/** A mode input value. */
export type Mode = (typeof MODES)[number];

/** The action's configuration. */
export interface ActionConfig {
  mode: Mode;
  /** Catalog folder in the workspace (or in catalog-repository), or the URL of a published api/cases.json. */
  catalog: string;
  /** owner/name of a repository holding the catalog, read through the API with the token. */
  catalogRepository?: string;
  /** Branch, tag or commit of catalogRepository; its default branch when unset. */
  catalogRef?: string;
  deployFile: string;
  githubToken: string;
  /** Overrides the policy's risk.fail_on. */
  failOn?: RiskLevel;
  /** Report a reached level as a warning instead of failing the job. */
  warnOnly: boolean;
  /** Post (and keep updated) the sticky PR comment. */
  comment: boolean;
  /** JUnit XML reports of the PR's CI (files or globs); empty: regression tests are only listed. */
  testResults: string[];
}

/** A wrong input value: names the input and the values it takes. */
export class InputError extends Error {}

function oneOfInput<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(`Input \`${name}\` must be one of ${allowed.join(', ')}; got "${value}".`);
  }
  return value as T;
}

function booleanInput(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new InputError(`Input \`${name}\` must be true or false; got "${value}".`);
}

/** Reads every input through `getInput` (`core.getInput` in the action). */
export function readConfig(getInput: (name: string) => string): ActionConfig {
  const get = (name: string) => getInput(name).trim();
  const repository = get('catalog-repository');
  if (repository && !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new InputError(`Input \`catalog-repository\` must be owner/name; got "${repository}".`);
  }
  const failOn = get('fail-on');
  const token = get('github-token');
  if (!token) {
    throw new InputError(
      'Input `github-token` is empty. Leave it at its default (${{ github.token }}) or pass a token.',
    );
  }
  return {
    mode: oneOfInput('mode', get('mode') || 'auto', MODES),
    catalog: get('catalog') || 'catalog',
    ...(repository ? { catalogRepository: repository } : {}),
    ...(get('catalog-ref') ? { catalogRef: get('catalog-ref') } : {}),
    deployFile: get('deploy-file') || '.failcat/deploy.yml',
    githubToken: token,
    ...(failOn ? { failOn: oneOfInput('fail-on', failOn, RISK_LEVELS) } : {}),
    warnOnly: booleanInput('warn-only', get('warn-only'), false),
    comment: booleanInput('comment', get('comment'), true),
    testResults: splitPatterns([get('test-results')]),
  };
}
