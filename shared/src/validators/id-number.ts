/**
 * Resident ID numbers (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence
 * (odd = male), ISO 7064 MOD 11-2 check character. Residence permits for Hong Kong, Macao and
 * Taiwan residents use the prefixes 810000 / 820000 / 830000.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
]);
const PERMIT_PREFIXES = new Set(['810000', '820000', '830000']);

/** Full-width digits and X become ASCII, a lowercase x becomes X; surrounding spaces go. Inner spaces stay (and fail). */
export function normalizeIdNumber(raw: string): string {
  return raw
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[xｘＸ]/g, 'X');
}

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdNumberCheck = { ok: true; idNumber: string; gender: 'male' | 'female'; birthDate: string; regionCode: string } | { ok: false; message: string };

/** Validates a normalised ID number; `today` decides what counts as a future birth date. */
export function checkIdNumber(raw: string, today: Date = new Date()): IdNumberCheck {
  const id = normalizeIdNumber(raw);
  if (id.length === 0) return { ok: false, message: '请输入身份证号' };
  if (/\s/.test(id)) return { ok: false, message: '身份证号中不能有空格' };
  if (id.length !== 18) return { ok: false, message: `身份证号应为18位，当前${id.length}位` };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, message: '身份证号只能是数字，最后一位可以是X' };
  const region = id.slice(0, 6);
  const province = id.slice(0, 2);
  if (['81', '82', '83'].includes(province) ? !PERMIT_PREFIXES.has(region) : !PROVINCES.has(province)) {
    return { ok: false, message: '身份证号前6位（地区码）不正确' };
  }
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, message: '身份证号中的出生日期不正确' };
  }
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  if (date.getTime() > todayUtc) return { ok: false, message: '身份证号中的出生日期不能晚于今天' };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, message: '身份证号有误，请逐位核对' };
  return {
    ok: true,
    idNumber: id,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    regionCode: region,
  };
}

/** Whole years of age on `today`. */
export function ageOn(birthDate: string, today: Date = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
}

/** 11010519491231002X -> 110***********002X */
export function maskIdNumber(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}
