import { VOUCHER_USES_DEFAULT, campaignWindow, checkVoucherTerms, endAfterDay, fieldOf, lastDayOf, voucherTermsHelp } from './campaign-form';

describe('the campaign form', () => {
  it('shows a server error at the field it names', () => {
    expect(fieldOf('places.0')).toBe('places');
    expect(fieldOf('endsAt')).toBe('window');
    expect(fieldOf('startsAt')).toBe('window');
    expect(fieldOf('quota')).toBe('quota');
    expect(fieldOf('eligibleOrgId')).toBe('eligibleOrgId');
    expect(fieldOf('description')).toBe('description');
    // 只有消费券可以设置面值和使用次数 names voucherValue.
    expect(fieldOf('voucherValue')).toBe('voucherValue');
    expect(fieldOf('voucherUses')).toBe('voucherUses');
    // 积分兑换的券…不能要求扫动态码 names pointsPrice.
    expect(fieldOf('pointsPrice')).toBe('pointsPrice');
    expect(fieldOf('closedAt')).toBeUndefined();
    expect(fieldOf(undefined)).toBeUndefined();
  });

  it('starts today from now and a later day from its Beijing midnight, ending at a Beijing midnight', () => {
    // 2026-06-30 23:30 in Beijing is still 15:30 UTC on the 30th.
    const now = Date.parse('2026-06-30T15:30:00Z');
    const today = campaignWindow(null, 1, now);
    expect(today.startsAt.toISOString()).toBe('2026-06-30T15:30:00.000Z');
    expect(today.endsAt.toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(campaignWindow('2026-06-30', 1, now).startsAt.toISOString()).toBe('2026-06-30T15:30:00.000Z');
    const later = campaignWindow('2026-07-02', 30, now);
    expect(later.startsAt.toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(later.endsAt.toISOString()).toBe('2026-07-31T16:00:00.000Z');
    expect(later.endsAt.valueOf()).toBeGreaterThan(later.startsAt.valueOf());
  });

  it('edits the end as a last claim day: the window then ends at the Beijing midnight after it', () => {
    // Ends at midnight Beijing on 1 August: the last day is 31 July.
    expect(lastDayOf('2026-07-31T16:00:00Z')).toBe('2026-07-31');
    // Ends mid-afternoon on 1 August (Beijing): that day is the last.
    expect(lastDayOf('2026-08-01T07:00:00Z')).toBe('2026-08-01');
    expect(endAfterDay('2026-07-31').toISOString()).toBe('2026-07-31T16:00:00.000Z');
    expect(endAfterDay(lastDayOf('2026-07-31T16:00:00Z')).toISOString()).toBe('2026-07-31T16:00:00.000Z');
  });

  it('sends a 4×40元 voucher as value 40 and 4 uses, and says what the member will see, as 我的券 does', () => {
    expect(checkVoucherTerms('40', '4')).toEqual({ input: { voucherValue: 40, voucherUses: 4 }, errors: { voucherValue: undefined, voucherUses: undefined } });
    expect(voucherTermsHelp('40', '4')).toBe('会员的券显示 40元 × 4次：每次消费减免 40 元，共可用 4 次');
    // A new voucher is used once unless the operator says more.
    expect(VOUCHER_USES_DEFAULT).toBe('1');
    expect(voucherTermsHelp('10', VOUCHER_USES_DEFAULT)).toBe('会员的券显示 10元：消费时减免 10 元，用一次即用完');
  });

  it('refuses a voucher value or uses out of range, or left empty, in words under the field', () => {
    expect(checkVoucherTerms('', '').errors).toEqual({ voucherValue: '请填写券的面值', voucherUses: '请填写券的使用次数' });
    expect(checkVoucherTerms('0', '0').errors).toEqual({ voucherValue: '券的面值至少 1 元', voucherUses: '券的使用次数至少为 1 次' });
    expect(checkVoucherTerms('10001', '21').errors).toEqual({ voucherValue: '券的面值不能超过 10000 元', voucherUses: '券的使用次数不能超过 20 次' });
    expect(checkVoucherTerms('10000', '20').errors).toEqual({ voucherValue: undefined, voucherUses: undefined });
    // Until both are valid the summary only explains the idea.
    expect(voucherTermsHelp('40', '21')).toBe('一张券可分几次使用，每次消费减免一个面值');
  });
});
