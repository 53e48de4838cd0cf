// `npm run stations:import -- stations.csv --org bj [--dry-run]`: imports rest stations from a CSV file
// (the same checks and report as POST /api/v1/admin/stations/import; UTF-8 or GBK/GB18030). Rows without a `union` column
// belong to the union whose code follows --org. Exit code 1 when the file could not be imported at all.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { AppError } from '../lib/errors';
import { recordAudit } from '../modules/audit';
import { findOrgById } from '../modules/orgs';
import { createStationsService, decodeStationCsv } from '../modules/stations';
import { describeDatabase, OperatorError, runAsProcess } from './db';

export async function runImportStations(argv: string[], env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log) {
  const file = argv.find((a) => !a.startsWith('--') && argv[argv.indexOf(a) - 1] !== '--org');
  const org = argv[argv.indexOf('--org') + 1];
  if (!file || !argv.includes('--org') || !org) throw new OperatorError('Usage: npm run stations:import -- <file.csv> --org <union code> [--dry-run]');
  const dryRun = argv.includes('--dry-run');
  const absolute = path.resolve(env.INIT_CWD ?? process.cwd(), file);
  if (!fs.existsSync(absolute)) throw new OperatorError(`No such file: ${absolute}`);
  const config = loadConfig(env);
  log(`Database: ${describeDatabase(config.database)}`);
  const handle = await openDatabase(config.database);
  try {
    const stations = createStationsService({
      db: handle.db,
      scopeFor: async () => {
        throw new AppError('auth.forbidden');
      },
      findOrg: findOrgById,
      audit: { record: recordAudit },
    });
    // As the HTTP route reads a posted file: UTF-8, or GBK/GB18030 as Excel on a Chinese Windows saves it.
    const csv = await decodeStationCsv(fs.readFileSync(absolute));
    const report = await stations.importAsOperator(org, csv, dryRun).catch((error: unknown) => {
      throw error instanceof AppError ? new OperatorError(`${error.code}: ${error.message}`) : error;
    });
    log(`${dryRun ? 'Dry run: ' : ''}${report.rows} rows, ${report.created} new, ${report.updated} updated, ${report.failed} with errors.`);
    for (const e of report.errors) log(`  line ${e.row}, ${e.field}: ${e.message}`);
    if (report.errors.length < report.failed) log(`  (first ${report.errors.length} errors shown)`);
    return report;
  } finally {
    await handle.close();
  }
}

if (require.main === module) runAsProcess(() => runImportStations(process.argv.slice(2)));
