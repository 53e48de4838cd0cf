import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { ORG_IMPORT_MAX_ROWS, ORG_KINDS, ORG_MAX_DEPTH, orgCodeSchema, type OrgImportReport, type OrgKind } from '@union/shared';
import { orgErrors } from './orgs.errors';
import { depthOf } from './orgs.repository';
import type { OrgRow } from './orgs.table';

/** Header names: the English keys or the template's Chinese headers. */
const COLUMNS: Record<string, 'code' | 'parent' | 'name' | 'kind' | 'region' | 'address' | 'phone' | 'hours'> = {
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
export function planOrgImport(csv: string, existing: Map<string, OrgRow>, inScope: (org: OrgRow) => boolean) {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch {
    throw orgErrors.importUnreadable();
  }
  const [header, ...body] = records;
  const errors: Problem[] = [];
  const cols = (header ?? []).map((h) => COLUMNS[h.trim().toLowerCase()] ?? COLUMNS[h.trim()]);
  for (const need of ['code', 'parent', 'name', 'kind', 'region'] as const)
    if (!cols.includes(need)) errors.push({ row: 1, column: need, message: `缺少“${need}”列` });
  if (body.length > ORG_IMPORT_MAX_ROWS) errors.push({ row: 1, column: null, message: `一次最多导入${ORG_IMPORT_MAX_ROWS}行` });
  if (errors.length) return { rows: [], errors, total: body.length };

  const rows: ImportRow[] = [];
  const byCode = new Map<string, ImportRow>();
  body.forEach((record, i) => {
    const row = i + 2;
    const get = (c: string) => (record[cols.indexOf(c as never)] ?? '').trim();
    const bad = (column: string, message: string) => errors.push({ row, column, message });
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
  });

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
