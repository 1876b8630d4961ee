import { sm3Hex } from '../crypto/sm.js';
import type { Audience } from '../publishing/catalogue.js';

/** A browse filter the home page links to (by type, by audience, by life-event theme). */
export interface BrowseFilter {
  type?: string;
  audience?: Audience;
  theme?: string;
  unit?: string;
}

/**
 * Where portal pages link to. The live portal and the static export (`shixiang export-site`) render the
 * same templates with different links: the export uses relative `.html` files and sends what a file
 * cannot do (search, explanation requests, tracking) to the live portal.
 */
export interface PortalLinks {
  /** True in the static export. */
  isStatic: boolean;
  home: string;
  css: string;
  units: string;
  unit(id: string): string;
  item(code: string): string;
  browse(f: BrowseFilter, page?: number): string;
  adjustments(page?: number): string;
  /** Action of the search form (GET, field `q`). */
  search: string;
  searchPage(q: string, page: number, f?: { unit?: string; type?: string }): string;
  track: string;
  /** A document of the legal-basis register (always on the live portal: the register changes without publications). */
  law(id: string): string;
  /** The explanation-request form's action, or null when the page cannot post (export: link to `live`). */
  ask(code: string): string | null;
  feedAtom: string;
  feedJson: string;
  api: string;
  /** The live portal's URL of a path (for links out of the static export). */
  live(path: string): string;
}

const query = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export function liveLinks(base: string): PortalLinks {
  return {
    isStatic: false,
    home: '/',
    css: '/static/portal.css',
    units: '/units',
    unit: (id) => `/units/${encodeURIComponent(id)}`,
    item: (code) => `/items/${encodeURIComponent(code)}`,
    browse: (f, page) => `/items${query({ unit: f.unit, type: f.type, audience: f.audience, theme: f.theme, page })}`,
    adjustments: (page) => `/adjustments${query({ page })}`,
    search: '/search',
    searchPage: (q, page, f) => `/search${query({ q, unit: f?.unit, type: f?.type, page })}`,
    track: '/track',
    law: (id) => `/laws/${encodeURIComponent(id)}`,
    ask: (code) => `/items/${encodeURIComponent(code)}/explanations`,
    feedAtom: '/feeds/changes.atom',
    feedJson: '/feeds/changes.json',
    api: '/api/docs',
    live: (path) => `${base}${path}`,
  };
}

/** Stable file name of a theme page (theme names are free text). */
export const themeSlug = (theme: string) => sm3Hex(theme).slice(0, 10);

/**
 * Links between the files of a static export, for a page `depth` folders below the export's root. An
 * export of one unit (`onlyUnit`) has that unit's page as its home and sends everything else to the live portal.
 */
export function staticLinks(base: string, depth: number, onlyUnit?: string): PortalLinks {
  const up = '../'.repeat(depth);
  const live = liveLinks(base);
  return {
    isStatic: true,
    home: `${up}index.html`,
    css: `${up}portal.css`,
    units: onlyUnit ? `${base}/units` : `${up}units/index.html`,
    unit: (id) => (onlyUnit === id ? `${up}index.html` : onlyUnit ? `${base}/units/${id}` : `${up}units/${id}.html`),
    item: (code) => `${up}items/${code}.html`,
    browse: (f) =>
      onlyUnit
        ? `${base}${live.browse(f)}`
        : `${up}browse/${f.type ? `type-${f.type}` : f.theme && f.audience ? `${f.audience}-${themeSlug(f.theme)}` : (f.audience ?? 'all')}.html`,
    adjustments: () => `${up}adjustments.html`,
    search: `${base}/search`,
    searchPage: (q, page, f) => `${base}${live.searchPage(q, page, f)}`,
    track: `${base}/track`,
    law: (id) => `${base}/laws/${encodeURIComponent(id)}`,
    ask: () => null,
    feedAtom: `${base}/feeds/changes.atom`,
    feedJson: `${base}/feeds/changes.json`,
    api: `${base}/api/docs`,
    live: (path) => `${base}${path}`,
  };
}
