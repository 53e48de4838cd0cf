// `npm run db:migrate` (or `node server/dist/cli/migrate.js` after `npm run build`): applies the committed migrations.
import { runAsProcess, runMigrate } from './db';

runAsProcess(() => runMigrate());
