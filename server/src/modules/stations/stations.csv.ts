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
import { stationErrors } from './stations.errors';
import { createTurns } from '../../lib/turns';
import { decodeTextFile, parseCsvInTurns } from '../../lib/text-file';

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
/** Columns of text (all but the coordinates): what a spreadsheet made from the stations would show as cells. */
const TEXT_COLUMNS: StationCsvColumn[] = ['code', 'name', 'hostKind', 'address', 'district', 'facilities', 'hours', 'union'];
/** A cell a spreadsheet runs as a formula (=, +, -, @; tab and CR as OWASP lists them, though trimming drops those). */
const FORMULA = /^[=+\-@\t\r]/;
/** What a wrong guess of the encoding leaves: the replacement character, and controls no cell holds (tab and line breaks may). */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern exists to find
const UNREADABLE = /[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Rows checked between two turns of the event loop at most (about 15 µs each on an idle machine). */
const ROWS_PER_TURN = 500;

/** The text of an uploaded station file: UTF-8, or GBK/GB18030 from Excel on a Chinese Windows (lib/text-file.ts). */
export const decodeStationCsv = decodeTextFile;

/**
 * Reads an import file: the header row names the columns (English keys or the Chinese headers of the
 * template), each further row is checked field by field. Good rows come back ready to save; every
 * problem is reported with its line, column and a reason in Chinese. Whole-file problems throw.
 * Parsed and checked a slice at a time, with a turn of the event loop between slices: 20,000 rows are
 * about 400 ms of work, which in one piece would hold every other request up for as long.
 */
export async function readStationCsv(text: string): Promise<{ rows: StationCsvRow[]; errors: StationImportError[]; total: number }> {
  const records = await parseCsvInTurns(text);
  if (!records) throw stationErrors.importUnreadable();
  const [header, ...body] = records;
  if (!header || body.length === 0) throw stationErrors.importEmpty();
  if (body.length > STATION_IMPORT_MAX_ROWS) throw stationErrors.importTooManyRows();
  const index = new Map<StationCsvColumn, number>();
  header.record.forEach((name, i) => {
    const key = HEADER_BY_TEXT.get(name.trim().toLowerCase());
    if (key && !index.has(key)) index.set(key, i);
  });
  const missing = STATION_CSV_REQUIRED.filter((c) => !index.has(c));
  if (missing.length) throw stationErrors.importColumns(missing.map((c) => COLUMN_LABELS[c]));

  const rows: StationCsvRow[] = [];
  const errors: StationImportError[] = [];
  const firstLineOfCode = new Map<string, number>();
  const columnAt = new Map([...index].map(([key, i]) => [i, key]));
  const turns = createTurns(ROWS_PER_TURN);
  for (const { record, info } of body) {
    if (turns.due()) await turns.take();
    const row = info.lines;
    // A byte the encoding could not read: the row is refused whole, whatever its columns say.
    const unreadable = record.findIndex((text) => UNREADABLE.test(text));
    if (unreadable >= 0) {
      errors.push({
        row,
        field: columnAt.get(unreadable) ?? `column${unreadable + 1}`,
        code: 'stations.import_encoding',
        message: `第 ${row} 行有无法识别的字符：请把文件另存为 UTF-8 或 GBK（GB18030）编码的 CSV`,
      });
      continue;
    }
    const cell = (c: StationCsvColumn) => {
      const i = index.get(c);
      return i === undefined ? '' : (record[i] ?? '').trim();
    };
    const rowErrors: StationImportError[] = [];
    // A cell a spreadsheet would run is refused, not stored with a quote in front that the app would then show.
    const formulas = TEXT_COLUMNS.filter((c) => FORMULA.test(cell(c)));
    for (const c of formulas) {
      rowErrors.push({ row, field: c, code: 'stations.import_formula', message: `${COLUMN_LABELS[c]}不能以 =、+、-、@ 开头（电子表格会把它当作公式执行）` });
    }
    const fail = (c: StationCsvColumn, message: string) => {
      if (!formulas.includes(c)) rowErrors.push({ row, field: c, message });
    };

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
    if (!hostKind)
      fail(
        'hostKind',
        hostText ? `不认识的类型“${hostText.slice(0, 20)}”，可填：${STATION_HOST_KINDS.map((k) => STATION_HOST_KIND_LABELS[k]).join('、')}` : '请填写类型',
      );
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
    for (const item of cell('facilities')
      .split(/[|、,，;；/\s]+/)
      .filter(Boolean)) {
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
