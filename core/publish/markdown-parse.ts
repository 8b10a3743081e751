/**
 * The one Markdown parse of case narratives (micromark with GFM): the renderer
 * (markdown.ts) turns its events into HTML and `sectionsOf` splits the body at its
 * headings from the same events, so what validation and redaction call a section is
 * exactly what the page shows under that heading (a fence, list item, HTML block or
 * setext heading cannot move text from one section into another).
 */
import { parse, postprocess, preprocess } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import type { Section } from '../parse/source.ts';
import { slugify } from '../model/text.ts';

export const MICROMARK_OPTIONS = {
  allowDangerousHtml: false,
  allowDangerousProtocol: false,
  extensions: [gfm()],
  htmlExtensions: [gfmHtml()],
};

/**
 * One parser for every document: combining micromark's constructs with GFM's costs more
 * than parsing a short case section. A parser's only per-document state is the link
 * definitions it has seen (`defined`) and lazy-line flags (`lazy`); both are reset before
 * each document, so no document sees another's definitions.
 */
const PARSER = parse(MICROMARK_OPTIONS);

/** micromark's events for a Markdown document, from the shared parser. */
export function markdownEvents(markdown: string): ReturnType<typeof postprocess> {
  PARSER.defined = [];
  PARSER.lazy = {};
  return postprocess(PARSER.document().write(preprocess()(markdown, undefined, true)));
}

const CONTAINERS = new Set(['blockQuote', 'listOrdered', 'listUnordered']);

/** A section's text as written, without the blank lines around it; line ends as `\n`. */
function sectionText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

/**
 * Splits a Markdown body into its sections at the level-2 headings of the document
 * itself (`## Title` or a title underlined with `---`; not inside a quote or list).
 * Text before the first such heading belongs to no section. A body with none of the
 * constructs that can hide or make a heading (fences, HTML blocks, setext underlines,
 * indented `#`) is split line by line, which `sectionsOfFully` equals there (tested);
 * any other takes the full parse.
 */
export function sectionsOf(body: string, bodyLine: number): Section[] {
  return mayHideHeadings(body) ? sectionsOfFully(body, bodyLine) : sectionsByLines(body, bodyLine);
}

/** A line that may start or end a block where `## ` is no heading: a fence, HTML, an indented `#`. */
const MAY_HIDE_HEADINGS = /^[ \t]*(?:`{3}|~{3}|<)|^[ \t]+#/m;
/** A line that underlines the text line above it as a heading (else a thematic break). */
const UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*\r?$/gm;

/** Whether a body has a construct that can hide a heading or make one of a text line. */
function mayHideHeadings(body: string): boolean {
  if (MAY_HIDE_HEADINGS.test(body)) return true;
  UNDERLINE.lastIndex = 0;
  for (let m = UNDERLINE.exec(body); m; m = UNDERLINE.exec(body)) {
    if (m.index === 0) continue;
    const above = body.slice(body.lastIndexOf('\n', m.index - 2) + 1, m.index - 1);
    if (/\S/.test(above)) return true;
  }
  return false;
}

/** The line splitter for bodies without such constructs: a heading is `##` at the start of a line. */
function sectionsByLines(body: string, bodyLine: number): Section[] {
  const headings: { title: string; line: number; start: number; end: number }[] = [];
  const heading = /^##(?:[ \t][^\n]*)?$/gm;
  let line = 1;
  let counted = 0;
  for (let m = heading.exec(body); m; m = heading.exec(body)) {
    for (let i = body.indexOf('\n', counted); i !== -1 && i < m.index; i = body.indexOf('\n', i + 1)) line++;
    counted = m.index;
    // The title without its closing sequence of `#` (written after a space, or alone).
    const title = m[0]
      .slice(2)
      .trim()
      .replace(/(^|[ \t])#+$/, '')
      .trim();
    headings.push({ title, line, start: m.index, end: m.index + m[0].replace(/\r$/, '').length });
  }
  return headings.map((h, i) => ({
    id: slugify(h.title),
    title: h.title,
    text: sectionText(body.slice(h.end, headings[i + 1]?.start ?? body.length)),
    line: bodyLine + h.line - 1,
  }));
}

/** `sectionsOf` through the full micromark parse, for any body. */
export function sectionsOfFully(body: string, bodyLine: number): Section[] {
  const headings: { title: string; line: number; start: number; end: number }[] = [];
  let depth = 0;
  let heading: { title: string[]; level: number; line: number; start: number } | undefined;
  for (const [kind, token] of markdownEvents(body)) {
    const type = token.type as string;
    if (CONTAINERS.has(type)) depth += kind === 'enter' ? 1 : -1;
    if (depth > 0) continue;
    if (type === 'atxHeading' || type === 'setextHeading') {
      if (kind === 'enter')
        heading = { title: [], level: 0, line: token.start.line, start: token.start.offset };
      else if (heading) {
        if (heading.level === 2) {
          const title = heading.title.join(' ').replace(/\s+/g, ' ').trim();
          headings.push({ title, line: heading.line, start: heading.start, end: token.end.offset });
        }
        heading = undefined;
      }
    } else if (heading && kind === 'enter') {
      const raw = body.slice(token.start.offset, token.end.offset);
      if (type === 'atxHeadingSequence' && heading.level === 0) heading.level = raw.length;
      else if (type === 'setextHeadingLineSequence') heading.level = raw.startsWith('=') ? 1 : 2;
      else if (type === 'atxHeadingText' || type === 'setextHeadingText') heading.title.push(raw);
    }
  }
  return headings.map((h, i) => ({
    id: slugify(h.title),
    title: h.title,
    text: sectionText(body.slice(h.end, headings[i + 1]?.start ?? body.length)),
    line: bodyLine + h.line - 1,
  }));
}
