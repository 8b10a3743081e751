/**
 * The site's settings: what the failcat integration (site/build/integration.ts) is given,
 * and what it hands the content loader and the pages through the `virtual:failcat/settings`
 * module. Nothing in the site reads them from the environment.
 */
import type { Audience } from '../../core/publish/export.ts';

/** Where the content loader gets the validated catalog. */
export type CatalogFrom =
  /** It validates the catalog folder itself (`astro build` run by hand). */
  | 'folder'
  /** The process that started Astro validated it and hands it over (site/build/build-site.ts). */
  | 'parent';

/** Options of the failcat integration; every one has a default. */
export interface SiteSettings {
  /** The catalog folder, absolute or relative to the site's root (default `../catalog`). */
  catalog?: string;
  /** Whose site: `public` leaves out non-public cases and redacted fields (default: the policy's `default_audience`). */
  audience?: Audience;
  /** Repository web URL for "edit this case" links; `''` leaves them out (default: git's `origin` remote). */
  repoUrl?: string;
  /** Branch the "edit this case" links open (default: the checkout's branch, `main` when detached). */
  editBranch?: string;
  /** The day overdue actions are counted from, `YYYY-MM-DD` (default: the build's day). */
  today?: string;
  /** Cases per page of the case list (default 50). */
  listPageSize?: number;
  /** Values a case-list facet shows before the rest move behind its filter box (default 10). */
  facetTop?: number;
  /** Cases per search bundle (default SEARCH_SHARD_SIZE); the indexer must be given the same. */
  searchShardSize?: number;
  /** Where the loader gets the validated catalog (default `folder`). */
  catalogFrom?: CatalogFrom;
}

/** The settings with every default applied, as `virtual:failcat/settings` exports them. */
export interface ResolvedSiteSettings {
  /** Absolute catalog folder, with `/` separators. */
  catalog: string;
  audience?: Audience;
  repoUrl?: string;
  editBranch?: string;
  today: string;
  listPageSize: number;
  facetTop: number;
  searchShardSize: number;
  catalogFrom: CatalogFrom;
  /** Where the loader leaves the audience's case records for the pages (in Astro's cache folder). */
  dataFile: string;
}
