import type { Compilation } from 'webpack';
import { PREFETCHED_AT_KEY, PREFETCHED_KEY } from '../src/api/prefetched';

/**
 * A page people open straight from a link, not by tapping through the app: the stall QR opens the join page, a bare
 * address the home page. Lazily loaded, its chunks would be asked for only after the first bundle has arrived and run:
 * a second round trip on the phone's weak network before the page can draw. routePreloadScript() is a few lines for the
 * first script of index.html (the root-font-size file, rem-script-file.ts, which runs before the bundles arrive): it
 * looks at the URL and preloads that page's scripts and styles at once, alongside the first bundle, so webpack finds
 * them in the cache when the router asks. With `prefetch` it also starts the page's first API request (a public GET
 * named by a query parameter of the link); the API client takes that response instead of asking again (api/prefetched.ts).
 */
export interface PreloadRoute {
  /** The page as in app.config ('pages/join/index'). */
  route: string;
  /** Also for an address that names no page (`/`, `/#/`): the app's first page. */
  home?: boolean;
  /** GET `path` + the value of query parameter `param` when it matches `pattern` (anything else: the page asks itself). */
  prefetch?: { param: string; path: string; pattern: RegExp };
}

export function routePreloadScript(compilation: Compilation, routes: PreloadRoute[], publicPath: string): string {
  const files = Object.fromEntries(routes.map((r) => [`/${r.route}`, routeFiles(compilation, r.route).map((f) => `${publicPath}${f}`)]));
  const home = routes.find((r) => r.home);
  const prefetch = Object.fromEntries(
    routes.flatMap((r) => (r.prefetch ? [[`/${r.route}`, { param: r.prefetch.param, path: r.prefetch.path, pattern: r.prefetch.pattern.source }]] : [])),
  );
  return preloadScript(files, home ? `/${home.route}` : '', prefetch);
}

/** The script and style files of a page's lazily loaded chunk group (found by the module it imports), but for those of the first bundle. */
export function routeFiles(compilation: Compilation, route: string): string[] {
  const pattern = new RegExp(`[\\\\/]${route.replace(/\//g, '[\\\\/]')}(\\.[jt]sx?)?$`);
  const group = compilation.chunkGroups.find((g) =>
    g.origins.some((o) => {
      const resource = (o.module as { resource?: string } | null)?.resource ?? '';
      return typeof o.request === 'string' && pattern.test(o.request) && !pattern.test(resource);
    }),
  );
  if (!group) throw new Error(`routePreloadScript: no lazily loaded chunk group for ${route}`);
  const files = new Set<string>();
  // The first bundle's own chunks are in index.html already.
  for (const chunk of group.chunks) if (!chunk.canBeInitial()) for (const f of chunk.files) if (/\.(js|css)$/.test(f)) files.add(f);
  return [...files];
}

type Prefetch = Record<string, { param: string; path: string; pattern: string }>;

/**
 * ES5 for any browser that gets this far. The prefetched answer is kept as { statusCode, data } (data: the parsed
 * JSON, or null for an empty body), what Taro.request hands the API client; a failed or timed-out fetch rejects,
 * and the client then sends the request itself.
 */
function preloadScript(files: Record<string, string[]>, home: string, prefetch: Prefetch): string {
  return `(function(){var m=${JSON.stringify(files)},p=${JSON.stringify(prefetch)};var h=location.hash.replace(/^#/,''),q=h.indexOf('?'),r=q<0?h:h.slice(0,q);if(r===''||r==='/')r=${JSON.stringify(home)};var f=m[r]||[];for(var i=0;i<f.length;i++){var l=document.createElement('link');l.rel='preload';l.as=/\\.css$/.test(f[i])?'style':'script';l.href=f[i];document.head.appendChild(l);}var a=p[r];if(!a||q<0||!window.fetch||!window.URLSearchParams)return;var v=new URLSearchParams(h.slice(q+1)).get(a.param);if(!v||!new RegExp(a.pattern).test(v))return;var u=a.path+encodeURIComponent(v),c=window.AbortController?new AbortController():null;if(c)setTimeout(function(){c.abort();},15000);var k=window[${JSON.stringify(PREFETCHED_KEY)}]=window[${JSON.stringify(PREFETCHED_KEY)}]||{};window[${JSON.stringify(PREFETCHED_AT_KEY)}]=Date.now();k[u]=fetch(u,{headers:{Accept:'application/json'},signal:c?c.signal:undefined}).then(function(s){return s.text().then(function(t){return{statusCode:s.status,data:t?JSON.parse(t):null};});});k[u].catch(function(){});})();\n`;
}
