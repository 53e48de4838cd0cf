// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
module.exports = {
  presets: [
    [
      'taro',
      {
        // H5 builds on Preact, the weapp on React (config/index.ts).
        framework: (process.env.TARO_ENV ?? 'weapp') === 'h5' ? 'preact' : 'react',
        ts: true,
        compiler: 'webpack5',
        // No React fast refresh (see config/dev.ts): do not inject react-refresh/babel.
        hot: false,
      },
    ],
  ],
};
