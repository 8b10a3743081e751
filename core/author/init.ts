/**
 * Starting a repository with failcat (`failcat init`): the release the written workflows
 * use, and the placeholders of the templates in templates/.
 */

/**
 * failcat's repository on GitHub, the one place its owner is named: the action and the
 * schemas of every release live there (.github/workflows/release.yml tags them).
 */
export const FAILCAT_REPOSITORY = 'failcat/failcat';

/** The tag of a version's major release, `v1` for 1.4.2: the release workflow moves it. */
export function majorTag(version: string): string {
  const major = /^(\d+)\./.exec(version)?.[1];
  if (major === undefined) throw new Error(`"${version}" is not a version such as 1.4.2.`);
  return `v${major}`;
}

/** The action as written workflows reference it: the repository's action folder at the major release of `version`. */
export function actionRef(version: string): string {
  return `${FAILCAT_REPOSITORY}/action@${majorTag(version)}`;
}

/** The JSON Schemas of a release, for a modeline when no nearer copy exists. */
export function releaseSchemasUrl(version: string): string {
  return `https://raw.githubusercontent.com/${FAILCAT_REPOSITORY}/v${version}/schemas`;
}

/**
 * Fills `{{name}}` placeholders from `values`; a placeholder without a value throws, so a
 * template and the code that fills it cannot drift apart unnoticed.
 */
export function fillTemplate(text: string, values: Record<string, string>, file = 'template'): string {
  return text.replace(/\{\{([a-z_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${file}: no value for the placeholder {{${name}}}.`);
    return value;
  });
}

/** Where a model repository's risk check reads the catalog, as failcat check's --catalog names it. */
export type CatalogReference =
  | { kind: 'url'; url: string }
  | { kind: 'repository'; repository: string; folder: string; ref?: string }
  | { kind: 'folder'; dir: string };

/** The action's `with:` lines (at the workflow's indentation) that name the catalog. */
export function catalogInputs(reference: CatalogReference | undefined, indent = '          '): string {
  const lines = (() => {
    switch (reference?.kind) {
      case 'url':
        return [`catalog: ${reference.url}`];
      case 'repository':
        return [
          '# The catalog in another (private) repository, read with a token that can see it.',
          `catalog-repository: ${reference.repository}`,
          `catalog: ${reference.folder}`,
          ...(reference.ref ? [`catalog-ref: ${reference.ref}`] : []),
          'github-token: ${{ secrets.FAILCAT_CATALOG_TOKEN }}',
        ];
      case 'folder':
        return [`catalog: ${reference.dir}`];
      default:
        return [
          "# The catalog's published site (its api/cases.json), or catalog-repository: owner/name",
          '# with github-token: a token that can read that repository.',
          'catalog: https://example.github.io/ml-failures/api/cases.json',
        ];
    }
  })();
  return lines.map((line) => indent + line).join('\n');
}

/**
 * The `/schemas` folder of a published catalog site, from the URL of its `api/cases.json`:
 * the site publishes the JSON Schemas beside its data.
 */
export function siteSchemasUrl(casesJsonUrl: string): string | undefined {
  const match = /^(https?:\/\/.+?\/)api\/cases\.json(?:[?#].*)?$/.exec(casesJsonUrl);
  return match ? `${match[1]}schemas` : undefined;
}

/** The scripts a catalog repository's package.json gets. */
export const CATALOG_SCRIPTS: Record<string, string> = {
  new: 'failcat new',
  validate: 'failcat validate',
  build: 'failcat build',
  serve: 'failcat serve',
};

/** An npm package name from a folder name. */
export function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '');
  return name || 'failure-catalog';
}
