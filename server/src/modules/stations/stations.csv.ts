import { parse } from 'csv-parse/sync';
import {
  STATION_CSV_COLUMNS,
  STATION_CSV_REQUIRED,
  STATION_FACILITIES,
  STATION_FACILITY_LABELS,
  STATION_HOST_KINDS,
  STATION_HOST_KIND_LABELS,
  STATION_IMPORT_MAX_ROWS,
  checkPlainText,
  facilityIds,
  formatOpeningHours,
  parseOpeningHours,
  weekRanges,
  type StationCsvColumn,
  type StationFacility,
  type StationHostKind,
  type StationImportError,
} from '@union/shared';
import { AppError } from '../../lib/errors';

/** A CSV row that passed every field check; the union is still a code to resolve. */
export interface StationCsvRow {
  row: number;
  code: string;
  name: string;
  hostKind: StationHostKind;
  address: string;
  district: string | null;
  lat: number;
  lng: number;
  facilityIds: number[];
  hours: string;
  is24h: boolean;
  openWeek: [number, number][];
  unionCode: string | null;
}

const HOST_KIND_BY_TEXT = new Map<string, StationHostKind>([
  ...STATION_HOST_KINDS.map((k) => [k, k] as const),
  ...STATION_HOST_KINDS.map((k) => [STATION_HOST_KIND_LABELS[k], k] as const),
  ['银行', 'bank'],
  ['中介', 'estate_agency'],
  ['商店', 'shop'],
  ['超市', 'supermarket'],
  ['工会', 'union_office'],
  ['社区', 'community_centre'],
]);
const FACILITY_BY_TEXT = new Map<string, StationFacility>([
  ...STATION_FACILITIES.map((f) => [f, f] as const),
  ...STATION_FACILITIES.map((f) => [STATION_FACILITY_LABELS[f], f] as const),
  ['热水', 'water'],
  ['饮水机', 'water'],
  ['充电', 'phone_charging'],
  ['厕所', 'toilet'],
  ['急救包', 'first_aid'],
  ['wi-fi', 'wifi'],
  ['座椅', 'seats'],
]);
const HEADER_BY_TEXT = new Map<string, StationCsvColumn>(
  (Object.entries(STATION_CSV_COLUMNS) as [StationCsvColumn, readonly string[]][]).flatMap(([key, names]) => names.map((n) => [n.toLowerCase(), key] as const)),
);
const COLUMN_LABELS: Record<StationCsvColumn, string> = {
  code: '编号',
  name: '名称',
  hostKind: '类型',
  address: '地址',
  district: '所在区',
  lat: '纬度',
  lng: '经度',
  facilities: '设施',
  hours: '开放时间',
  union: '工会编码',
};
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const NUMBER = /^-?\d{1,3}(\.\d{1,12})?$/;

/**
 * Reads an import file: the header row names the columns (English keys or the Chinese headers of the
 * template), each further row is checked field by field. Good rows come back ready to save; every
 * problem is reported with its line, column and a reason in Chinese. Whole-file problems throw.
 */
export function readStationCsv(text: string): { rows: StationCsvRow[]; errors: StationImportError[]; total: number } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, max_record_size: 10_000 }) as unknown as typeof records;
  } catch {
    throw new AppError('stations.import_unreadable');
  }
  const [header, ...body] = records;
  if (!header || body.length === 0) throw new AppError('stations.import_empty');
  if (body.length > STATION_IMPORT_MAX_ROWS) throw new AppError('stations.import_too_many_rows');
  const index = new Map<StationCsvColumn, number>();
  header.record.forEach((name, i) => {
    const key = HEADER_BY_TEXT.get(name.trim().toLowerCase());
    if (key && !index.has(key)) index.set(key, i);
  });
  const missing = STATION_CSV_REQUIRED.filter((c) => !index.has(c));
  if (missing.length) throw new AppError('stations.import_columns', { message: `CSV 缺少必填的列：${missing.map((c) => COLUMN_LABELS[c]).join('、')}` });

  const rows: StationCsvRow[] = [];
  const errors: StationImportError[] = [];
  const firstLineOfCode = new Map<string, number>();
  for (const { record, info } of body) {
    const row = info.lines;
    const cell = (c: StationCsvColumn) => {
      const i = index.get(c);
      return i === undefined ? '' : (record[i] ?? '').trim();
    };
    const rowErrors: StationImportError[] = [];
    const fail = (c: StationCsvColumn, message: string) => rowErrors.push({ row, field: c, message });

    const code = cell('code');
    if (!code) fail('code', '请填写编号');
    else if (!CODE.test(code)) fail('code', '编号只能由字母、数字、- 和 _ 组成，最长 40 个字符');
    else if (firstLineOfCode.has(code)) fail('code', `编号与第 ${firstLineOfCode.get(code)} 行重复`);
    else firstLineOfCode.set(code, row);

    const name = checkPlainText(cell('name'), '名称', 2, 60);
    if (!cell('name')) fail('name', '请填写名称');
    else if (!name.ok) fail('name', name.message);
    const hostText = cell('hostKind');
    const hostKind = HOST_KIND_BY_TEXT.get(hostText.toLowerCase());
    if (!hostKind) fail('hostKind', hostText ? `不认识的类型“${hostText.slice(0, 20)}”，可填：${STATION_HOST_KINDS.map((k) => STATION_HOST_KIND_LABELS[k]).join('、')}` : '请填写类型');
    const address = checkPlainText(cell('address'), '地址', 4, 120);
    if (!cell('address')) fail('address', '请填写地址');
    else if (!address.ok) fail('address', address.message);
    const districtText = cell('district');
    const district = districtText ? checkPlainText(districtText, '所在区', 1, 20) : undefined;
    if (district && !district.ok) fail('district', district.message);

    const latText = cell('lat');
    const lngText = cell('lng');
    const lat = Number(latText);
    const lng = Number(lngText);
    const latNumber = NUMBER.test(latText);
    const lngNumber = NUMBER.test(lngText);
    // Swapped columns are the usual mistake (116.39,39.90).
    const swapped = latNumber && lngNumber && lat >= 73 && lat <= 136 && lng >= 3 && lng <= 54;
    if (!latText) fail('lat', '请填写纬度');
    else if (swapped) fail('lat', '纬度和经度填反了');
    else if (!latNumber || Math.abs(lat) > 90) fail('lat', '纬度应为 -90 到 90 之间的数字，例如 39.9087');
    if (!lngText) fail('lng', '请填写经度');
    else if (!swapped && (!lngNumber || Math.abs(lng) > 180)) fail('lng', '经度应为 -180 到 180 之间的数字，例如 116.3975');
    if (!swapped && latNumber && lngNumber && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && (lat < 3 || lat > 54 || lng < 73 || lng > 136)) {
      fail('lat', '坐标不在中国境内，请确认是 GCJ-02（高德、腾讯地图）坐标');
    }

    const facilities: StationFacility[] = [];
    for (const item of cell('facilities').split(/[|、,，;；/\s]+/).filter(Boolean)) {
      const facility = FACILITY_BY_TEXT.get(item.toLowerCase());
      if (facility) facilities.push(facility);
      else fail('facilities', `不认识的设施“${item.slice(0, 20)}”，可填：${STATION_FACILITIES.map((f) => STATION_FACILITY_LABELS[f]).join('、')}`);
    }
    const hoursText = cell('hours');
    const hours = hoursText ? parseOpeningHours(hoursText) : undefined;
    if (!hoursText) fail('hours', '请填写开放时间');
    else if (!hours) fail('hours', '开放时间格式有误，例如：24小时、08:00-20:00、22:00-06:00、周一至周五 09:00-17:00；周六 10:00-16:00');
    const unionCode = cell('union') || null;
    if (unionCode && !/^[a-z0-9_-]{1,40}$/i.test(unionCode)) fail('union', '工会编码格式有误');

    if (rowErrors.length || !hostKind || !hours || !name.ok || !address.ok) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      row,
      code,
      name: name.text,
      hostKind,
      address: address.text,
      district: district?.ok ? district.text : null,
      lat,
      lng,
      facilityIds: facilityIds(facilities),
      hours: formatOpeningHours(hours),
      is24h: hours.allDay,
      openWeek: weekRanges(hours),
      unionCode,
    });
  }
  return { rows, errors, total: body.length };
}
