// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
const h5 = (process.env.TARO_ENV ?? 'weapp') === 'h5';

module.exports = {
  presets: [
    [
      'taro',
      {
        // H5 builds on Preact, the weapp on React (config/index.ts).
        framework: h5 ? 'preact' : 'react',
        // The H5 app runs only where zod's untranspiled ES2020 and native fetch do (Chrome 80, Safari 13.1; WeChat's
        // browser is newer): compiled for those, async functions, spreads and classes stay native instead of
        // regenerator state machines and helpers (smaller, and less to run on a first load). The weapp keeps
        // package.json's browserslist for WeChat's older engines.
        ...(h5 ? { targets: { chrome: '80', android: '80', safari: '13.1', ios: '13.4' } } : {}),
        ts: true,
        compiler: 'webpack5',
        // No React fast refresh (see config/dev.ts): do not inject react-refresh/babel.
        hot: false,
      },
    ],
  ],
};
