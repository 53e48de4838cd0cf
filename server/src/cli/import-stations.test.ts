import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
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
    // As Excel on a Chinese Windows saves it: GBK, Chinese headers and all.
    fs.writeFileSync(
      path.join(dir, 'gbk.csv'),
      iconv.encode(
        [
          '编号,名称,类型,地址,所在区,纬度,经度,设施,开放时间',
          'XC-3,链家西四店暖心驿站,房屋中介,北京市西城区西四北大街3号,西城区,39.931,116.372,饮水、微波炉,08:30-21:00',
        ].join('\r\n'),
        'gbk',
      ),
    );
    expect(await runImportStations(['gbk.csv', '--org', 'xc'], env, () => undefined)).toMatchObject({ rows: 1, created: 1, failed: 0 });
    const check = await openDatabase(loadConfig(env).database);
    const saved = (await check.db.execute(sql`select name, address from stations where code = 'XC-3'`)) as unknown as {
      rows: { name: string; address: string }[];
    };
    await check.close();
    expect(saved.rows).toEqual([{ name: '链家西四店暖心驿站', address: '北京市西城区西四北大街3号' }]);
    // A new PGlite directory is migrated and opened six times: seconds each on a busy 2-core machine.
  }, 240_000);
});
