/** Unit and API tests (app.inject). Browser tests live in scripts/e2e and run with `npm run test:e2e`. */
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/server', '<rootDir>/shared', '<rootDir>/miniapp'],
  // The mini-program's own logic (token refresh, live updates, join validation) runs against a stand-in for Taro.
  moduleNameMapper: { '^@tarojs/taro$': '<rootDir>/miniapp/test/taro.ts' },
  modulePathIgnorePatterns: ['<rootDir>/miniapp/dist/'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // cookie@2 (fastify's inject), content-disposition@1 (@fastify/static), kdbush, geokdbush and tinyqueue (the
  // stations' in-memory index) are ESM-only, and jest runs CommonJS: let swc transform them into it.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition|kdbush|geokdbush|tinyqueue)/)'],
  globalSetup: '<rootDir>/server/test/global-setup.ts',
  // A limit on a hung test, not a speed assertion: on a shared 2-core machine a seeded app takes 30 s+ to build.
  testTimeout: 90_000,
  maxWorkers: 2,
};
