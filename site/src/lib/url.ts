/** Internal links: every one goes through here so the site works under a base path (GitHub Pages project sites). */

const BASE = import.meta.env.BASE_URL.endsWith('/')
  ? import.meta.env.BASE_URL
  : `${import.meta.env.BASE_URL}/`;

/** The site-relative URL of a path inside the site, e.g. `href('cases/FC-0001/')`. */
export function href(path = ''): string {
  return BASE + path.replace(/^\/+/, '');
}

/** The page of a case. */
export function caseHref(id: string): string {
  return href(`cases/${encodeURIComponent(id)}/`);
}

/** The absolute URL of a path when the site URL is known (feeds need it), else the site-relative one. */
export function absolute(path: string, site: URL | undefined): string {
  return site ? new URL(href(path), site).href : href(path);
}
