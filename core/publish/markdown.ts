/**
 * Case Markdown to HTML a reader can safely load. Case files come from pull requests, so
 * their narrative is untrusted: micromark escapes raw HTML and drops dangerous URLs, and
 * sanitize-html then enforces an allowlist as a second, independent line of defence.
 */
import { compile } from 'micromark';
import sanitizeHtml from 'sanitize-html';
import { markdownEvents, MICROMARK_OPTIONS } from './markdown-parse.ts';

/** Elements a case narrative may produce. */
const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  'del',
  'a',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'input',
  'sup',
  'section',
];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    input: ['type', 'checked', 'disabled'],
    code: ['class'],
  },
  allowedClasses: { code: [/^language-[a-z0-9-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Case headings sit below the page's own h2 section headings.
    h1: 'h3',
    h2: 'h3',
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^https?:/i.test(attribs.href ?? '')
        ? { ...attribs, rel: 'noopener noreferrer nofollow' }
        : attribs,
    }),
  },
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
};

/** Renders Markdown to (unsanitized) HTML with the shared parser. */
function markdownHtml(markdown: string): string {
  return compile(MICROMARK_OPTIONS)(markdownEvents(markdown));
}

/**
 * Plain prose: paragraphs of lines that each start with a letter, digit, quote or
 * parenthesis, made only of letters, digits, spaces and punctuation that starts no
 * Markdown construct (no `* _ ` [ ] < > & \ | ~ # =`, no URL or `www.` autolink, no hard
 * break), so its HTML is known without parsing. A line that starts with a number followed
 * by `.` or `)` may be an ordered list's item (`1. `, `2) `), so it is not plain.
 * Anything else takes the full parser.
 */
const PLAIN_LINE = /^[\p{L}\p{N}"'(‘“][\p{L}\p{M}\p{N} ,.;:!?'"()%/+‘’“”–—…-]*$/u;
const LIST_NUMBER = /^\p{N}+[.)]/u;

function plainParagraphs(markdown: string): string | undefined {
  if (markdown.includes('://') || /www\./i.test(markdown)) return undefined;
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line === '') {
      if (current.length) paragraphs.push(current.join('\n'));
      current = [];
    } else if (PLAIN_LINE.test(line) && !line.endsWith(' ') && !LIST_NUMBER.test(line)) current.push(line);
    else return undefined;
  }
  if (current.length) paragraphs.push(current.join('\n'));
  const html = paragraphs.map((p) => `<p>${p}</p>`).join('\n');
  return markdown.endsWith('\n') && html ? `${html}\n` : html;
}

/** Renders case Markdown (GitHub-flavoured) to sanitized HTML: no raw HTML, scripts, handlers or script URLs. */
export function renderMarkdown(markdown: string): string {
  const plain = plainParagraphs(markdown);
  if (plain !== undefined) return plain;
  return sanitizeHtml(markdownHtml(markdown), SANITIZE);
}

/** The full path of `renderMarkdown` (parser and sanitizer), which the plain-prose shortcut must equal. */
export function renderMarkdownFully(markdown: string): string {
  return sanitizeHtml(markdownHtml(markdown), SANITIZE);
}

/**
 * The words of case Markdown without its syntax, for the search index: link and image
 * text without their URLs, no emphasis, heading, quote or list markers, table pipes or
 * code fences. Raw HTML tags are dropped (their text stays), as on the rendered page.
 * Not HTML: the search client shows the result as text.
 */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/^\s*(```|~~~).*$/gm, '')
    .replace(/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/gm, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/^\s{0,3}\[[^\]]+\]:\s.*$/gm, '')
    .replace(/<(https?:[^>\s]+)>/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+(\[[ xX]\]\s+)?|\d+[.)]\s+)/gm, '')
    .replace(/(\*\*|__|~~|[*`|])/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}
