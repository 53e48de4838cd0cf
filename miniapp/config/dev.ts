import type { UserConfigExport } from '@tarojs/cli';

export default {
  logger: {
    quiet: false,
    stats: true,
  },
  mini: {},
  h5: {
    // Fast refresh needs react-refresh and its webpack plugin, which the workspace does not install;
    // watch mode reloads the page instead.
    devServer: {
      hot: false,
      // The built app calls the same-origin /api/v1; in watch mode, pass that on to the API server.
      proxy: [{ context: ['/api'], target: process.env.API_PROXY_TARGET ?? 'http://127.0.0.1:3000' }],
    },
  },
} satisfies UserConfigExport<'webpack5'>;
