// `npm run db:seed` (or `node server/dist/cli/seed.js` after `npm run build`): loads the demo data once.
import { runAsProcess, runSeed } from './db';

runAsProcess(() => runSeed());
