import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { runMigrate } from './db';
import { runImportStations } from './import-stations';

describe('npm run stations:import', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'union-stations-cli-'));
  const env = { NODE_ENV: 'test', PGLITE_DIR: path.join(dir, 'pglite'), INIT_CWD: dir };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a file for a union by its code, reports bad lines, and updates on a second run', async () => {
    await runMigrate(env, () => undefined);
    const handle = await openDatabase(loadConfig(env).database);
    await handle.db.execute(sql`insert into orgs (code, name, kind, path, region_code) values ('xc', '西城区总工会', 'district', 'xc', '110102')`);
    await handle.close();
    fs.writeFileSync(
      path.join(dir, 'stations.csv'),
      [
        'code,name,host_kind,address,district,lat,lng,facilities,hours',
        'XC-1,链家新街口店暖心驿站,estate_agency,北京市西城区新街口外大街1号,西城区,39.943,116.371,water|microwave,08:30-21:00',
        'XC-2,北京银行西四支行暖心驿站,bank,北京市西城区西四北大街2号,西城区,39.93,,water,周一至周五 09:00-17:00',
      ].join('\n'),
    );
    const log: string[] = [];
    const first = await runImportStations(['stations.csv', '--org', 'xc'], env, (line) => log.push(line));
    expect(first).toMatchObject({ rows: 2, created: 1, updated: 0, failed: 1 });
    expect(log).toContain('  line 3, lng: 请填写经度');
    expect(await runImportStations(['stations.csv', '--org', 'xc'], env, () => undefined)).toMatchObject({ created: 0, updated: 1 });
    await expect(runImportStations(['stations.csv', '--org', 'nope'], env, () => undefined)).rejects.toThrow('未找到工会编码 nope');
    await expect(runImportStations(['stations.csv'], env, () => undefined)).rejects.toThrow('Usage');
    // A new PGlite directory is migrated and opened four times: seconds each on a busy 2-core machine.
  }, 120_000);
});
