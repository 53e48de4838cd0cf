import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';
import { CompileHintsPlugin } from './compile-hints';
import { RemScriptFilePlugin } from './rem-script-file';
import type { PreloadRoute } from './route-preload';
import { EVENT_CODE_PATTERN, JOIN_EVENT_PARAM, JOIN_PAGE_PATH } from '../../shared/src/join-links';

// @union/shared is TypeScript source outside src/; Taro compiles only src/ unless told (`compile.include`, under mini and h5).
// webpack resolves the workspace symlink to its real path, so include the real folder.
const sharedDir = path.resolve(__dirname, '..', '..', 'shared');

const taroEnv = process.env.TARO_ENV ?? 'weapp';
/** The first of app.config's pages: the router shows it for an address that names no page. */
const HOME_PAGE_PATH = 'pages/index/index';

// On H5 the app is served by the API server itself, so the API is same-origin.
// The weapp needs an absolute HTTPS origin registered in the mini-program console.
const LOCAL_API = 'http://127.0.0.1:3000/api/v1';
const apiBase = taroEnv === 'h5' ? '/api/v1' : (process.env.TARO_APP_API_BASE ?? LOCAL_API);
if (taroEnv !== 'h5' && !process.env.TARO_APP_API_BASE) {
  console.warn(`TARO_APP_API_BASE is not set: this ${taroEnv} build talks to ${LOCAL_API} (developer tools only).`);
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'union-miniapp',
    date: '2025-11-22',
    designWidth: 375,
    deviceRatio: {
      375: 2,
      640: 2.34 / 2,
      750: 1,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv}`,
    plugins: [],
    env: {
      TARO_APP_API_BASE: JSON.stringify(apiBase),
      // Subscription-message template ids (comma-separated) the booking tap asks the member to allow: the ones in WECHAT_SUBSCRIBE_TEMPLATES.
      TARO_APP_SUBSCRIBE_TEMPLATES: JSON.stringify(process.env.TARO_APP_SUBSCRIBE_TEMPLATES ?? ''),
    },
    defineConstants: {},
    copy: {
      patterns: [],
      options: {},
    },
    // H5 runs on Preact (preact/compat stands in for react and react-dom): about 40 KiB less JavaScript
    // to fetch and run before the first page is usable (see the README, "H5 first load"). The weapp
    // keeps React, which Taro's mini-program runtime is built and tested against.
    framework: taroEnv === 'h5' ? 'preact' : 'react',
    compiler: 'webpack5',
    cache: {
      enable: false,
    },
    mini: {
      compile: {
        include: [sharedDir],
      },
      // Component styles use their own BEM prefixes, so the order pages import them in does not matter.
      miniCssExtractPluginOption: {
        ignoreOrder: true,
      },
      postcss: {
        pxtransform: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
    },
    h5: {
      publicPath: '/',
      useHtmlComponents: true,
      staticDirectory: 'static',
      // Images and fonts as files, not base64 inside the first bundle: the tab bar's icons then arrive beside the
      // scripts instead of inside them, and Taro's icon font (only its <Icon> uses it, and we do not) is never
      // fetched at all. Hashed names, so the server can let browsers keep them (immutable).
      imageUrlLoaderOption: { limit: 1, name: 'static/images/[name].[contenthash:8][ext]' },
      fontUrlLoaderOption: { limit: 1, name: 'static/fonts/[name].[contenthash:8][ext]' },
      router: {
        mode: 'hash',
      },
      compile: {
        include: [sharedDir],
      },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      webpackChain(chain) {
        // Taro's request API imports polyfills for fetch and AbortController, and a JSONP client. The H5 app
        // already needs Chrome 80 / Safari 13.1 or newer (zod ships ES2020 syntax untranspiled), where both
        // are native, and it never uses JSONP: the first bundle need not carry them.
        const stubs = path.resolve(__dirname, 'h5-stubs');
        chain.resolve.alias
          .set('whatwg-fetch$', path.join(stubs, 'empty.js'))
          .set('abortcontroller-polyfill/dist/abortcontroller-polyfill-only$', path.join(stubs, 'empty.js'))
          .set('jsonp-retry$', path.join(stubs, 'jsonp-retry.js'));
        // Taro's router defines its <taro-tabbar> from Stencil's component bundle, which brings the Stencil runtime
        // into the first bundle for one bar of links; src/lib/h5-tabbar.ts is the same element without it. Only the
        // router's import is redirected (other users of that bundle, such as previewImage's swiper, keep theirs).
        chain.module
          .rule('router-tabbar')
          .test(/[\\/]@tarojs[\\/]router[\\/]dist[\\/]/)
          .resolve.alias.set('@tarojs/components/dist/components$', path.resolve(__dirname, '..', 'src', 'lib', 'h5-tabbar.ts'));
        // No inline script in index.html, so the Content-Security-Policy needs no 'unsafe-inline'.
        // Pages opened straight from a link load their chunks alongside the first bundle: the home page (a bare
        // address; it is not in the first bundle, which a stall link would then fetch and run for nothing) and
        // the join page the stall QR opens, whose stall event is asked for at once too.
        const preloadRoutes: PreloadRoute[] = [
          { route: HOME_PAGE_PATH, home: true },
          { route: JOIN_PAGE_PATH, prefetch: { param: JOIN_EVENT_PARAM, path: `${apiBase}/events/`, pattern: EVENT_CODE_PATTERN } },
        ];
        chain.plugin('rem-script-file').use(RemScriptFilePlugin, [{ preloadRoutes }]);
        // The first load's scripts compile on a background thread while they download (V8 compile hints).
        chain.plugin('compile-hints').use(CompileHintsPlugin, [{ routes: preloadRoutes.map((r) => r.route) }]);
        // Taro splits only initial chunks on H5, so every lazily loaded page would carry its own copy
        // of zod, the shared contracts and our components. Ship each once.
        const splitChunks = chain.optimization.get('splitChunks');
        if (splitChunks) {
          chain.optimization.splitChunks({
            ...splitChunks,
            cacheGroups: {
              ...splitChunks.cacheGroups,
              // zod once, in its own first-load chunk. The contracts stay with the pages that use them: a stall
              // link does not fetch (or build) the schemas of pages it never opens.
              zod: {
                name: 'zod',
                chunks: 'all',
                test: /[\\/]node_modules[\\/]zod[\\/]/,
                priority: 50,
                enforce: true,
              },
              // Components, the API client and Taro's React components used by two or more pages.
              pagesCommon: {
                chunks: 'async',
                minChunks: 2,
                priority: 40,
                enforce: true,
              },
            },
          });
        }
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
