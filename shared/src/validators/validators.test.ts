import { applicationInputSchema, PRIVACY_NOTICE_VERSION } from '../applications';
import { displayMemberNo } from '../members';
import { describeOfficeHours, isWithinOfficeHours } from '../orgs';
import { ageOn, checkIdNumber, idCheckChar, maskIdNumber } from './id-number';
import { maskPhone } from './phone';
import { checkName, checkPlainText } from './text';

const today = new Date(2026, 10, 22);
const withCheck = (first17: string) => first17 + idCheckChar(first17);

describe('ID numbers (GB 11643)', () => {
  it('accepts the standard example and derives gender and birth date', () => {
    expect(checkIdNumber('11010519491231002X', today)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      gender: 'female',
      birthDate: '1949-12-31',
      regionCode: '110105',
    });
    const male = checkIdNumber(withCheck('11010219900307001'), today);
    expect(male).toMatchObject({ ok: true, gender: 'male', birthDate: '1990-03-07' });
  });

  it('normalises a lowercase x, full-width digits and surrounding spaces', () => {
    expect(checkIdNumber('11010519491231002x', today)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
    expect(checkIdNumber('１１０１０５１９４９１２３１００２Ｘ', today)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
    expect(checkIdNumber('  11010519491231002X ', today)).toMatchObject({ ok: true });
  });

  it('accepts residence-permit prefixes 810000, 820000, 830000 and no other 8x region', () => {
    for (const prefix of ['810000', '820000', '830000']) expect(checkIdNumber(withCheck(`${prefix}19900101001`), today).ok).toBe(true);
    expect(checkIdNumber(withCheck('81010119900101001'), today)).toEqual({ ok: false, message: '身份证号前6位（地区码）不正确' });
  });

  it.each([
    ['a wrong check digit', '110105194912310021', '身份证号有误，请逐位核对'],
    ['15 characters', '110105491231002', '身份证号应为18位，当前15位'],
    ['17 characters', '11010519491231002', '身份证号应为18位，当前17位'],
    ['19 characters', '11010519491231002X1', '身份证号应为18位，当前19位'],
    ['a space inside', '110105 19491231002X', '身份证号中不能有空格'],
    ['a letter other than a final X', '1101051949123100AX', '身份证号只能是数字，最后一位可以是X'],
    ['an X in the middle', '11010519491231X021', '身份证号只能是数字，最后一位可以是X'],
    ['an unknown province', withCheck('99010519491231002'), '身份证号前6位（地区码）不正确'],
    ['February 30th', withCheck('11010519900230002'), '身份证号中的出生日期不正确'],
    ['month 13', withCheck('11010519901301002'), '身份证号中的出生日期不正确'],
    ['a birth date in the future', withCheck('11010520271231002'), '身份证号中的出生日期不能晚于今天'],
    ['a birth year before 1900', withCheck('11010518991231002'), '身份证号中的出生日期不正确'],
    ['nothing', '', '请输入身份证号'],
  ])('rejects %s', (_label, id, message) => {
    expect(checkIdNumber(id, today)).toEqual({ ok: false, message });
  });

  it('masks and ages', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(ageOn('1990-11-23', today)).toBe(35);
    expect(ageOn('1990-11-22', today)).toBe(36);
  });
});

describe('names and free text', () => {
  it('accepts Chinese names, minority names with a middle dot (any dot variant) and Latin names', () => {
    expect(checkName('张三')).toEqual({ ok: true, name: '张三' });
    expect(checkName('买买提·艾力')).toEqual({ ok: true, name: '买买提·艾力' });
    expect(checkName('买买提•艾力')).toEqual({ ok: true, name: '买买提·艾力' });
    expect(checkName('阿依古丽・买买提')).toEqual({ ok: true, name: '阿依古丽·买买提' });
    expect(checkName('John Smith').ok).toBe(true);
  });

  it.each([
    ['empty', '  '],
    ['one character', '张'],
    ['too long', '张'.repeat(31)],
    ['an emoji', '张三😀'],
    ['a control character', '张\u0007三'],
    ['a bidi override', '张\u202E三'],
    ['a zero-width space', '张\u200B三'],
    ['HTML', '<b>张三</b>'],
    ['digits', '张三1'],
    ['a leading dot', '·艾力'],
  ])('rejects a name that is %s', (_label, name) => {
    expect(checkName(name).ok).toBe(false);
  });

  it('cleans free text and rejects markup', () => {
    expect(checkPlainText('  顺丰   速运 ', '工作单位', 2, 60)).toEqual({ ok: true, text: '顺丰 速运' });
    expect(checkPlainText('<script>', '工作单位', 2, 60).ok).toBe(false);
  });
});

describe('the application form contract', () => {
  const valid = {
    name: '李长财',
    idNumber: '11010519491231002x',
    employer: '美团',
    category: 'rider',
    workDistrict: '110102',
    consentVersion: PRIVACY_NOTICE_VERSION,
  };

  it('parses a valid form into normalised values', () => {
    const parsed = applicationInputSchema.parse(valid);
    expect(parsed.idNumber).toBe('11010519491231002X');
  });

  it('reports each bad field under its own name', () => {
    const result = applicationInputSchema.safeParse({ ...valid, idNumber: '110105194912310021', workDistrict: '999999', consentVersion: 'old' });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((i) => i.path.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['idNumber', 'workDistrict', 'consentVersion']));
  });
});

describe('member numbers on screen', () => {
  it('groups region, year and sequence', () => {
    expect(displayMemberNo('11010226000123')).toBe('110102 26 000123');
    expect(displayMemberNo('X1')).toBe('X1');
  });
});

describe('union opening hours', () => {
  it('reads as 周一至周五 8:30-17:30 and knows Beijing working time from midnight', () => {
    expect(describeOfficeHours('1-5 08:30-17:30')).toBe('周一至周五 8:30-17:30');
    expect(describeOfficeHours('nonsense')).toBeNull();
    // Tuesday 2026-11-24 10:00 Beijing = 02:00 UTC; 23:40 Beijing = 15:40 UTC; Saturday 10:00.
    expect(isWithinOfficeHours('1-5 08:30-17:30', new Date('2026-11-24T02:00:00Z'))).toBe(true);
    expect(isWithinOfficeHours('1-5 08:30-17:30', new Date('2026-11-24T15:40:00Z'))).toBe(false);
    expect(isWithinOfficeHours('1-5 08:30-17:30', new Date('2026-11-28T02:00:00Z'))).toBe(false);
    expect(isWithinOfficeHours('1-6 09:00-18:00', new Date('2026-11-28T02:00:00Z'))).toBe(true);
    expect(isWithinOfficeHours(null, new Date())).toBe(false);
  });
});
