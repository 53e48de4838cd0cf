import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import {
  OFFICE_HOURS_PATTERN,
  ORG_IMPORT_COLUMN_LABELS,
  ORG_IMPORT_COLUMNS,
  ORG_IMPORT_MAX_ROWS,
  ORG_KINDS,
  ORG_MAX_DEPTH,
  orgCodeSchema,
  type OrgImportColumn,
  type OrgImportReport,
  type OrgKind,
} from '@union/shared';
import { decodeTextFile, parseCsvInTurns } from '../../lib/text-file';
import { createTurns } from '../../lib/turns';
import { orgErrors } from './orgs.errors';
import { depthOf } from './orgs.repository';
import type { OrgRow } from './orgs.table';

/** Header names: the English keys or the template's Chinese headers. */
const COLUMNS: Record<string, OrgImportColumn> = {
  code: 'code',
  代码: 'code',
  工会代码: 'code',
  parent: 'parent',
  上级代码: 'parent',
  name: 'name',
  名称: 'name',
  工会名称: 'name',
  kind: 'kind',
  类型: 'kind',
  region: 'region',
  区划代码: 'region',
  address: 'address',
  地址: 'address',
  phone: 'phone',
  办公电话: 'phone',
  hours: 'hours',
  办公时间: 'hours',
};

/** Kinds as union offices write them. */
const KIND_WORDS: Record<string, OrgKind> = {
  市总: 'federation',
  总工会: 'federation',
  区总: 'district',
  街道: 'street',
  社区: 'community',
  企业: 'enterprise',
  行业联合会: 'industry',
  行业: 'industry',
  楼宇联合会: 'park',
  园区联合会: 'park',
  '楼宇/园区联合会': 'park',
};

/** One row of the file: its line (a CSV line, or a sheet's row number) and its cells as text. */
export interface ImportRecord {
  line: number;
  cells: string[];
}

/** How the file was read: the first sheet of an .xlsx, or CSV text in UTF-8 or in GBK (GB18030). */
export type ImportReadAs = OrgImportReport['readAs'];

/** A zip file's first bytes: an .xlsx is a zip of XML parts. */
const isZip = (bytes: Uint8Array) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * The first sheet's rows as text, read in a worker thread. read-excel-file parses a sheet's XML in one synchronous
 * piece (20,000 rows held the event loop 1.5 s), and a crafted file may inflate far beyond its upload size: in a worker
 * the server keeps answering meanwhile, and the worker's own heap limit stops a zip bomb (the worker dies, the file is
 * refused as unreadable). A cell comes back as the text a person sees: a number typed as 110102 is the code '110102'.
 */
const SHEET_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSheet } = require(workerData.module);
const text = (v) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());
readSheet(Buffer.from(workerData.bytes.buffer, workerData.bytes.byteOffset, workerData.bytes.byteLength)).then(
  (rows) => parentPort.postMessage({ rows: rows.map((row) => row.map(text)) }),
  () => parentPort.postMessage({ rows: null }),
);
`;
const SHEET_WORKER_HEAP_MB = 256;

function readSheetOffThread(bytes: Uint8Array): Promise<string[][] | null> {
  return new Promise((resolve) => {
    const worker = new Worker(SHEET_WORKER, {
      eval: true,
      workerData: { module: require.resolve('read-excel-file/node'), bytes },
      resourceLimits: { maxOldGenerationSizeMb: SHEET_WORKER_HEAP_MB },
    });
    let done = false;
    const finish = (rows: string[][] | null) => {
      if (done) return;
      done = true;
      resolve(rows);
      void worker.terminate();
    };
    worker.once('message', (m: { rows: string[][] | null }) => finish(m.rows));
    worker.once('error', () => finish(null));
    worker.once('exit', () => finish(null));
  });
}

/**
 * CSV text as records with their lines (a quoted cell may span lines; empty lines are skipped but keep the count),
 * parsed a slice at a time between turns of the event loop.
 */
export async function readCsvRecords(csv: string): Promise<ImportRecord[]> {
  const parsed = await parseCsvInTurns(csv);
  if (!parsed) throw orgErrors.importUnreadable();
  return parsed.map((r) => ({ line: r.info.lines, cells: r.record }));
}

/**
 * The records of an uploaded file: an .xlsx (recognised by its bytes, whatever its name; the first sheet is read with
 * read-excel-file in a worker thread), else CSV bytes read as UTF-8 when they are valid UTF-8 and as GBK otherwise.
 */
export async function readOrgImportFile(bytes: Uint8Array): Promise<{ records: ImportRecord[]; readAs: ImportReadAs }> {
  if (isZip(bytes)) {
    const rows = await readSheetOffThread(bytes);
    if (!rows) throw orgErrors.importUnreadable();
    const records = rows.map((cells, i) => ({ line: i + 1, cells })).filter((r) => r.cells.some((c) => c !== ''));
    return { records, readAs: 'xlsx' };
  }
  const text = await decodeTextFile(bytes);
  const utf8 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') === text;
  return { records: await readCsvRecords(text), readAs: utf8 ? 'utf-8' : 'gbk' };
}

export interface ImportRow {
  id: string;
  row: number;
  code: string;
  parentCode: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
  address: string | null;
  contactPhone: string | null;
  officeHours: string | null;
}

type Problem = OrgImportReport['errors'][number];
/** Where a row of the file goes: its path, or (past ORG_MAX_DEPTH) only its level, or why it has no place. */
type Placed = { path: string; depth: number } | { depth: number } | { problem: 'cycle' | 'unknown' };

/**
 * Reads and checks a union tree file: every bad row is reported (bad code, duplicate code, unknown kind, bad region,
 * unknown parent, cycle, deeper than ORG_MAX_DEPTH); with none, the rows come back parents first, each with its path. `existing` finds a union
 * already in the database by code (null outside the importer's scope: such a parent is unknown to them).
 */
export async function planOrgImport(records: ImportRecord[], existing: Map<string, OrgRow>, inScope: (org: OrgRow) => boolean) {
  // A city's file is tens of thousands of rows: other requests get a turn every few milliseconds of checking.
  const turns = createTurns(500);
  const [header, ...body] = records;
  const errors: Problem[] = [];
  const headerLine = header?.line ?? 1;
  const cols = (header?.cells ?? []).map((h) => COLUMNS[h.trim().toLowerCase()] ?? COLUMNS[h.trim()]);
  for (const need of ['code', 'parent', 'name', 'kind', 'region'] as const)
    if (!cols.includes(need)) errors.push({ row: headerLine, column: need, message: `缺少“${ORG_IMPORT_COLUMN_LABELS[need]}”列` });
  if (body.length === 0 && errors.length === 0)
    errors.push({ row: headerLine, column: null, message: '文件里没有工会（第一行是表头，从第二行起每行一个工会）' });
  if (body.length > ORG_IMPORT_MAX_ROWS) errors.push({ row: headerLine, column: null, message: `一次最多导入${ORG_IMPORT_MAX_ROWS}行` });
  if (errors.length) return { rows: [], errors, total: body.length };

  const rows: ImportRow[] = [];
  const byCode = new Map<string, ImportRow>();
  for (const { line: row, cells: record } of body) {
    if (turns.due()) await turns.take();
    const get = (c: OrgImportColumn) => (record[cols.indexOf(c)] ?? '').trim();
    const bad = (column: OrgImportColumn | null, message: string) => errors.push({ row, column, message });
    const code = get('code');
    if (!orgCodeSchema.safeParse(code).success) bad('code', '工会代码应为1-24位小写字母或数字');
    else if (byCode.has(code) || existing.has(code)) bad('code', `工会代码 ${code} 重复`);
    const rawKind = get('kind');
    const kind = (ORG_KINDS as readonly string[]).includes(rawKind) ? (rawKind as OrgKind) : KIND_WORDS[rawKind];
    if (!kind) bad('kind', `不认识的类型“${rawKind}”`);
    const region = get('region');
    if (!/^\d{6}$/.test(region)) bad('region', '行政区划代码应为6位数字');
    const name = get('name');
    if (name.length < 2 || name.length > 60) bad('name', '工会名称应为2-60个字');
    // The same rules as the form's (orgCreateSchema): a union imported is a union that could have been typed in.
    if (get('address').length > 120) bad('address', '地址不能超过120个字');
    if (get('phone') && !/^[\d-]{7,20}$/.test(get('phone'))) bad('phone', '办公电话应为7-20位数字或短横线');
    if (get('hours') && !OFFICE_HOURS_PATTERN.test(get('hours'))) bad('hours', '办公时间格式应为 1-5 09:00-17:30');
    if (/\uFFFD/.test(record.join(''))) bad(null, '有无法识别的字符：请把文件另存为 .xlsx，或 UTF-8、GBK 编码的 CSV');
    const r: ImportRow = {
      id: randomUUID(),
      row,
      code,
      parentCode: get('parent'),
      name,
      kind: kind ?? 'street',
      regionCode: region,
      address: get('address') || null,
      contactPhone: get('phone') || null,
      officeHours: get('hours') || null,
    };
    rows.push(r);
    if (code && !byCode.has(code)) byCode.set(code, r);
  }

  // Parents: a row of the file or a union the importer manages; walking up from each row must reach the latter.
  const placed = new Map<string, Placed>();
  /**
   * The row's path, or why it has none: its chain of parents loops, ends at a union the importer cannot use, or
   * goes deeper than the tree may. Walks up without recursion (a file may be one long chain) and remembers every row on the way.
   */
  const place = (start: ImportRow): Placed => {
    const chain: ImportRow[] = [];
    const onChain = new Set<string>();
    let r = start;
    let above: Placed;
    for (;;) {
      const known = placed.get(r.code);
      if (known) {
        above = known;
        break;
      }
      if (onChain.has(r.code)) {
        above = { problem: 'cycle' };
        break;
      }
      chain.push(r);
      onChain.add(r.code);
      const parent = byCode.get(r.parentCode);
      if (parent) {
        r = parent;
        continue;
      }
      const inDb = existing.get(r.parentCode);
      above = inDb && inScope(inDb) && !inDb.closedAt ? { path: inDb.path, depth: depthOf(inDb.path) } : { problem: 'unknown' };
      break;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const r = chain[i]!;
      if ('depth' in above) {
        const depth = above.depth + 1;
        above = depth > ORG_MAX_DEPTH || !('path' in above) ? { depth } : { path: `${above.path}.${r.code}`, depth };
      }
      placed.set(r.code, above);
    }
    return placed.get(start.code)!;
  };
  for (const r of rows) {
    if (turns.due()) await turns.take();
    if (byCode.get(r.code) !== r) continue;
    const result = place(r);
    if ('path' in result) continue;
    if ('depth' in result) errors.push({ row: r.row, column: 'parent', message: `层级太深：这一行是第${result.depth}级，工会最多分${ORG_MAX_DEPTH}级` });
    else if (result.problem === 'cycle') errors.push({ row: r.row, column: 'parent', message: `上级关系成环（${r.code} 经上级又回到自己）` });
    else if (!byCode.has(r.parentCode))
      errors.push({ row: r.row, column: 'parent', message: `上级代码 ${r.parentCode || '（空）'} 不存在或不在您管理的范围内` });
    else errors.push({ row: r.row, column: 'parent', message: `上级 ${r.parentCode} 这一行有错误` });
  }
  errors.sort((a, b) => a.row - b.row);
  // Parents before children: sorting by depth does it.
  const paths = rows.flatMap((r) => {
    const p = placed.get(r.code);
    return p && 'path' in p && byCode.get(r.code) === r ? [{ ...r, path: p.path, depth: p.depth }] : [];
  });
  return { rows: paths.sort((a, b) => a.depth - b.depth).map(({ depth: _depth, ...r }) => r), errors, total: body.length };
}

/**
 * The template a union office fills in: the Chinese headers, two example rows (a street union below an existing code,
 * an enterprise below it), and a sheet that says what each column takes. Text cells (codes) stay text in Excel, so
 * 110102 keeps its digits.
 */
export async function orgImportTemplate(parentCode: string): Promise<Buffer> {
  const header = ORG_IMPORT_COLUMNS.map((c) => ORG_IMPORT_COLUMN_LABELS[c]);
  const examples = [
    ['jrj', parentCode, '金融街街道总工会', '街道', '110102', '北京市西城区金融大街27号', '010-66001234', '1-5 09:00-17:30'],
    ['jrjkd', 'jrj', '金融街快递企业工会', '企业', '110102', '', '', ''],
  ];
  const help = [
    ['列', '必填', '怎么填'],
    ['代码', '是', '1-24位小写字母或数字，全市不重复，导入后不能改'],
    ['上级代码', '是', '上级工会的代码：本表中的一行，或系统中您管理的工会'],
    ['名称', '是', '2-60个字'],
    ['类型', '是', '市总、区总、街道、社区、企业、行业联合会、楼宇/园区联合会'],
    ['区划代码', '是', '6位行政区划代码，如 110102（西城区）'],
    ['地址', '否', '不超过120个字'],
    ['办公电话', '否', '如 010-66001234'],
    ['办公时间', '否', '周几至周几 开始-结束，如 1-5 09:00-17:30'],
  ];
  const text = (rows: string[][]) => rows.map((r) => r.map((value) => ({ value, type: String })));
  // write-excel-file is an ES module: imported when used, since the compiled server is CommonJS.
  const { default: writeExcelFile } = await import('write-excel-file/node');
  return writeExcelFile([
    {
      data: text([header, ...examples]),
      sheet: '工会组织',
      columns: header.map((_, i) => ({ width: [10, 10, 24, 12, 10, 30, 14, 16][i] })),
      stickyRowsCount: 1,
    },
    { data: text(help), sheet: '填写说明', columns: [{ width: 10 }, { width: 6 }, { width: 60 }] },
  ]).toBuffer();
}
