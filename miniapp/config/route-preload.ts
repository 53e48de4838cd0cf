import type { Compilation } from 'webpack';

/**
 * A page people open straight from a link, not from home: the stall QR opens the join page. Lazily loaded, its chunks
 * would be asked for only after the first bundle has arrived and run: a second round trip on the phone's weak network
 * before the form can draw. routePreloadScript() is a few lines for the first script of index.html (the root-font-size
 * file, rem-script-file.ts, which runs before the bundles arrive): it looks at the URL and preloads that page's scripts
 * and styles at once, alongside the first bundle, so webpack finds them in the cache when the router asks.
 */
export function routePreloadScript(compilation: Compilation, routes: string[], publicPath: string): string {
  const files = Object.fromEntries(routes.map((route) => [`/${route}`, routeFiles(compilation, route).map((f) => `${publicPath}${f}`)]));
  return preloadScript(files);
}

/** The script and style files of a page's lazily loaded chunk group (found by the module it imports), but for those of the first bundle. */
function routeFiles(compilation: Compilation, route: string): string[] {
  const pattern = new RegExp(`[\\\\/]${route.replace(/\//g, '[\\\\/]')}(\\.[jt]sx?)?$`);
  const group = compilation.chunkGroups.find((g) =>
    g.origins.some((o) => {
      const resource = (o.module as { resource?: string } | null)?.resource ?? '';
      return typeof o.request === 'string' && pattern.test(o.request) && !pattern.test(resource);
    }),
  );
  if (!group) throw new Error(`routePreloadScript: no lazily loaded chunk group for ${route}`);
  const files = new Set<string>();
  // The first bundle's own chunks (contracts) are in index.html already.
  for (const chunk of group.chunks) if (!chunk.canBeInitial()) for (const f of chunk.files) if (/\.(js|css)$/.test(f)) files.add(f);
  return [...files];
}

function preloadScript(files: Record<string, string[]>): string {
  return `(function(){var m=${JSON.stringify(files)};var r=location.hash.replace(/^#/,'').split('?')[0];var f=m[r];if(!f)return;for(var i=0;i<f.length;i++){var l=document.createElement('link');l.rel='preload';l.as=/\\.css$/.test(f[i])?'style':'script';l.href=f[i];document.head.appendChild(l);}})();\n`;
}
