import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // Each feature module keeps its tables in <feature>.table.ts.
  schema: './src/modules/*/*.table.ts',
  out: '../migrations',
  casing: 'snake_case',
  strict: true,
});
