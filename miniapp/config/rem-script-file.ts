import { createHash } from 'node:crypto';
import type { Compiler } from 'webpack';
import { routePreloadScript, type PreloadRoute } from './route-preload';

type Tag = { tagName?: string; attributes?: Record<string, unknown> };

interface HtmlPluginLike {
  userOptions?: { script?: unknown };
  options?: { script?: unknown };
  constructor: {
    getHooks?: (compilation: unknown) => {
      alterAssetTagGroups: {
        tap: (name: string, fn: (data: { headTags: unknown[]; bodyTags: unknown[] }) => { headTags: unknown[]; bodyTags: unknown[] }) => void;
      };
    };
  };
}

/**
 * Taro's H5 runner hands the page template a small script that sets the root font size (rem units
 * follow the screen width) and the template used to inline it. An inline script needs
 * 'unsafe-inline' in the Content-Security-Policy, so this writes it to its own hashed file instead and
 * loads it first, deferred like the bundles: the page is empty until the app renders anyway.
 * It also moves the app's stylesheet after index.html's loading screen (see below), and carries the preloading of
 * `preloadRoutes`, pages opened straight from a link (route-preload.ts).
 */
export class RemScriptFilePlugin {
  constructor(private readonly options: { preloadRoutes?: PreloadRoute[] } = {}) {}

  apply(compiler: Compiler) {
    const name = 'RemScriptFilePlugin';
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      const html = compiler.options.plugins.find(
        (plugin) => (plugin as { constructor?: { name?: string } } | null)?.constructor?.name === 'HtmlWebpackPlugin',
      ) as HtmlPluginLike | undefined;
      const getHooks = html?.constructor.getHooks;
      if (!html || !getHooks) throw new Error(`${name}: HtmlWebpackPlugin not found`);
      getHooks(compilation).alterAssetTagGroups.tap(name, (data) => {
        // The app's stylesheet goes to the end of <body>: in <head> it would hold back the first paint of
        // index.html's loading screen (inline styles) for a whole round trip on a weak network. The deferred
        // bundles still run only after it has arrived, so no page draws unstyled.
        const isStylesheet = (tag: unknown) => (tag as Tag).tagName === 'link' && (tag as Tag).attributes?.rel === 'stylesheet';
        data.bodyTags.push(...data.headTags.filter(isStylesheet));
        data.headTags = data.headTags.filter((tag) => !isStylesheet(tag));
        const rem = html.userOptions?.script ?? html.options?.script;
        if (typeof rem !== 'string' || !rem) return data;
        const publicPath = typeof compiler.options.output.publicPath === 'string' ? compiler.options.output.publicPath : '/';
        const routes = this.options.preloadRoutes ?? [];
        // Its name follows its text; the chunk names inside it get their final hashes with every other asset.
        const script = routes.length ? `${rem}\n${routePreloadScript(compilation, routes, publicPath)}` : rem;
        const file = `js/rem.${createHash('sha256').update(script).digest('hex').slice(0, 8)}.js`;
        if (!compilation.getAsset(file)) compilation.emitAsset(file, new compiler.webpack.sources.RawSource(script));
        data.headTags.unshift({
          tagName: 'script',
          voidTag: false,
          meta: { plugin: name },
          attributes: { defer: true, src: `${publicPath}${file}` },
        });
        return data;
      });
    });
  }
}
