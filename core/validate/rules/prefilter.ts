/**
 * A quick test that a text may hold a match of any of a list of patterns, derived from the
 * patterns themselves, so a new pattern can never be left out of it. It reads each
 * pattern's syntax tree (regexpp, ESLint's regex parser) and keeps of every alternative
 * only the part from its first literal on: whatever the full pattern matches, that part
 * matches too, and a literal to start from lets the regex engine skip ahead instead of
 * trying a character class at every word.
 */
import { parseRegExpLiteral, visitRegExpAST, type AST } from '@eslint-community/regexpp';

/**
 * The part of one alternative that every match of it contains: the elements from the
 * first literal (a character, or a group of alternatives that each start with one) to
 * the end, with the assertions just before it; the whole alternative when it has none.
 * Any run of consecutive elements of an alternative matches wherever the alternative
 * does, assertions included, since they read the same text.
 */
function necessaryPart(alternative: AST.Alternative): string {
  const elements = alternative.elements;
  let start = elements.findIndex(startsWithLiteral);
  if (start === -1) return alternative.raw;
  while (start > 0 && elements[start - 1]!.type === 'Assertion') start--;
  return elements
    .slice(start)
    .map((e) => e.raw)
    .join('');
}

function startsWithLiteral(element: AST.Element): boolean {
  if (element.type === 'Character') return true;
  if (element.type !== 'Group' && element.type !== 'CapturingGroup') return false;
  return element.alternatives.every((a) => a.elements[0]?.type === 'Character');
}

/**
 * Whether the pattern has a backreference or an octal escape (`\1` with no group 1): cut
 * or joined with others, the one can turn into the other, as they depend on the groups.
 */
function hasNumberedEscapes(literal: AST.RegExpLiteral): boolean {
  let found = false;
  visitRegExpAST(literal, {
    onBackreferenceEnter: () => (found = true),
    onCharacterEnter: (c) => {
      if (/^\\[1-9]/.test(c.raw)) found = true;
    },
  });
  return found;
}

/**
 * A test of whether any of `patterns` may match in `text`: true whenever one of them
 * matches in `text` or in any line of it (never a false "no"; sometimes a false "yes").
 * The necessary parts of the patterns are joined into one alternation per set of flags,
 * with `m` added so that `^` and `$` also match at the line breaks that join strings.
 */
export function compilePrefilter(patterns: readonly RegExp[]): (text: string) => boolean {
  const byFlags = new Map<string, string[]>();
  const own: RegExp[] = [];
  for (const re of patterns) {
    const flags = [...new Set(re.flags.replace(/[dgy]/g, '') + 'm')].sort().join('');
    const literal = parseRegExpLiteral(re);
    if (hasNumberedEscapes(literal)) {
      own.push(new RegExp(re.source, flags));
      continue;
    }
    const parts = literal.pattern.alternatives.map((a) => `(?:${necessaryPart(a)})`);
    byFlags.set(flags, [...(byFlags.get(flags) ?? []), ...parts]);
  }
  const tests = [...[...byFlags].map(([flags, parts]) => new RegExp(parts.join('|'), flags)), ...own];
  return (text) => tests.some((re) => re.test(text));
}
