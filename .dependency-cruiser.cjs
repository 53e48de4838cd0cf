/**
 * The house rules, checked by `npm test` (`npm run boundaries`): no import cycles, feature modules
 * used only through their index.ts, and the imports docs/architecture.md says must never exist.
 */
const notTest = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'An import cycle anywhere.', from: {}, to: { circular: true } },
    {
      name: 'module-internals',
      severity: 'error',
      comment: 'A feature module uses another only through what its index.ts exports.',
      from: { path: '^server/src/modules/([^/]+)/', pathNot: notTest },
      to: { path: '^server/src/modules/[^/]+/', pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-uses-module-index',
      severity: 'error',
      comment: 'The shell, the seed and scripts use a module only through its index.ts.',
      from: { path: '^server/src/', pathNot: ['^server/src/modules/', notTest] },
      to: { path: '^server/src/modules/[^/]+/', pathNot: '^server/src/modules/[^/]+/index\\.ts$' },
    },
    { name: 'contracts-know-no-server', severity: 'error', from: { path: '^shared/' }, to: { path: '^(server|miniapp)/' } },
    {
      name: 'contracts-depend-on-zod-only',
      severity: 'error',
      from: { path: '^shared/', pathNot: notTest },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: '(^|/)node_modules/zod/' },
    },
    { name: 'lib-knows-no-feature', severity: 'error', from: { path: '^server/src/lib/' }, to: { path: '^server/src/modules/' } },
    { name: 'db-knows-no-feature', severity: 'error', from: { path: '^server/src/db/' }, to: { path: '^server/src/(modules|seed)/' } },
    { name: 'adapters-know-no-feature', severity: 'error', from: { path: '^server/src/adapters/' }, to: { path: '^server/src/modules/' } },
    { name: 'client-reaches-server-over-http', severity: 'error', from: { path: '^miniapp/' }, to: { path: '^server/' } },
    {
      name: 'components-take-data',
      severity: 'error',
      comment: 'Components take data and never fetch: pages call api/.',
      from: { path: '^miniapp/src/components/' },
      to: { path: '^miniapp/src/api/' },
    },
    {
      name: 'api-is-the-floor',
      severity: 'error',
      comment: 'The client calls no page helper or hook; it announces events the app shell handles.',
      from: { path: '^miniapp/src/api/' },
      to: { path: '^miniapp/src/(lib|hooks|pages|components)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    combinedDependencies: true,
  },
};
