import { EMPLOYER_SUGGESTIONS, JOIN_PAGE_PATH, idCheckChar, joinLinks } from '@union/shared';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_DRAFT, type JoinDraft } from '../../lib/join-draft';
import { JOIN_PAGE } from '../../lib/navigation';
import { EMPLOYERS_BY_CATEGORY, employerSuggestions } from './employers';
import { applicationBody, placeSubmitError, transferPageFor, validateField, validateForm } from './join-form';
import { eventCodeFrom, orgFrom } from './join-link';

const validId = (first17: string) => first17 + idCheckChar(first17);
const filled: JoinDraft = {
  ...EMPTY_DRAFT,
  name: '刘晓燕',
  idNumber: validId('11010219900302002'),
  category: 'rider',
  employer: '美团',
  workDistrict: '110102',
  consent: true,
};

describe('the join form checks each field by the shared contract', () => {
  it('names every missing field in the contract’s words', () => {
    expect(validateForm(EMPTY_DRAFT)).toEqual({
      name: '请输入姓名',
      idNumber: '请输入身份证号',
      category: '请选择职业类别',
      employer: '请填写工作单位或平台',
      workDistrict: '请选择工作区域',
      consent: '请阅读并同意个人信息保护说明',
    });
  });

  it('accepts a complete form', () => {
    expect(Object.values(validateForm(filled)).filter(Boolean)).toEqual([]);
  });

  it('catches a wrong check digit, a future birth date and an unknown district before anything is sent', () => {
    const wrong = `11010219900302002${idCheckChar('11010219900302002') === '1' ? '2' : '1'}`;
    expect(validateField('idNumber', { ...filled, idNumber: wrong })).toBe('身份证号有误，请逐位核对');
    expect(validateField('idNumber', { ...filled, idNumber: validId('11010230000101001') })).toBe('身份证号中的出生日期不能晚于今天');
    expect(validateField('workDistrict', { ...filled, workDistrict: '310101' })).toBe('请选择工作区域');
  });

  it('takes what people type: a lowercase x, full-width digits, a name with a dot variant', () => {
    const withX = validId('11010519491231002');
    expect(withX.endsWith('X')).toBe(true);
    expect(validateField('idNumber', { ...filled, idNumber: withX.toLowerCase() })).toBeUndefined();
    const fullWidth = [...filled.idNumber].map((c) => (/\d/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
    expect(validateField('idNumber', { ...filled, idNumber: fullWidth })).toBeUndefined();
    expect(validateField('name', { ...filled, name: '买买提•艾力' })).toBeUndefined();
    expect(validateField('employer', { ...filled, employer: 'x'.repeat(61) })).toBe('工作单位或平台不能超过60个字');
  });

  it('sends the stall’s code or the picked union', () => {
    expect(applicationBody({ ...filled, union: { kind: 'event', eventCode: 'ABCD2345' } })).toMatchObject({ eventCode: 'ABCD2345' });
    const toOrg = applicationBody({ ...filled, union: { kind: 'org', orgId: 'o1', orgName: 'X' } });
    expect(toOrg).toMatchObject({ orgId: 'o1' });
    expect(toOrg).not.toHaveProperty('eventCode');
    expect(toOrg).not.toHaveProperty('transfer');
    expect(applicationBody(filled)).not.toHaveProperty('orgId');
  });

  it('sends a member who asks to move to the transfer page, with the union they had picked', () => {
    expect(transferPageFor({ kind: 'org', orgId: 'o1', orgName: '快递 工会' })).toBe(
      '/pages/membership/transfer?orgId=o1&orgName=%E5%BF%AB%E9%80%92%20%E5%B7%A5%E4%BC%9A',
    );
    expect(transferPageFor({ kind: 'event', eventCode: 'ABCD2345' })).toBe('/pages/membership/transfer');
    expect(transferPageFor(undefined)).toBe('/pages/membership/transfer');
  });
});

describe('where a failed submit is explained', () => {
  const error = (code: Parameters<typeof placeSubmitError>[0]['code'], field?: string, details: Record<string, unknown> = {}) => ({
    code,
    message: 'm',
    field,
    details,
  });

  it('offers a transfer, the status page or a phone login for the answers that have one', () => {
    expect(placeSubmitError(error('members.already_member', undefined, { canTransfer: true }))).toEqual({
      to: 'offer',
      offer: { kind: 'transfer', message: 'm', canTransfer: true },
    });
    expect(placeSubmitError(error('applications.duplicate'))).toMatchObject({ offer: { kind: 'duplicate' } });
    expect(placeSubmitError(error('applications.phone_required'))).toMatchObject({ offer: { kind: 'phone' } });
  });

  it('puts field errors under their field, union problems under 入会到, the rest above the button', () => {
    expect(placeSubmitError(error('applications.realname_failed', 'idNumber'))).toEqual({ to: 'field', field: 'idNumber', message: 'm' });
    expect(placeSubmitError(error('events.ended'))).toEqual({ to: 'union', message: 'm', reloadEvent: true });
    expect(placeSubmitError(error('orgs.not_joinable'))).toEqual({ to: 'union', message: 'm', reloadEvent: false });
    expect(placeSubmitError(error('request.invalid', 'consentVersion'))).toEqual({ to: 'consent', message: 'm' });
    expect(placeSubmitError(error('network.failed'))).toEqual({ to: 'form', message: 'm' });
  });
});

describe('the join link', () => {
  it('is read from the H5 link and from a mini-program code’s scene', () => {
    const { joinUrl, weappPath } = joinLinks('ABCD2345');
    const query = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1]));
    expect(eventCodeFrom(query(joinUrl))).toBe('ABCD2345');
    expect(eventCodeFrom(query(weappPath))).toBe('ABCD2345');
    expect(eventCodeFrom({ scene: 'event%3DABCD2345' })).toBe('ABCD2345');
    expect(eventCodeFrom({ event: 'AB<script>' })).toBeUndefined();
  });

  it('opens the page the app declares, in the sub-package app.config.ts keeps at pages/join', () => {
    expect(joinLinks('X').weappPath.startsWith(JOIN_PAGE_PATH)).toBe(true);
    expect(JOIN_PAGE).toBe(`/${JOIN_PAGE_PATH}`);
    const appConfig = readFileSync(join(__dirname, '..', '..', 'app.config.ts'), 'utf8');
    const [root, page] = JOIN_PAGE_PATH.split(/\/(?=[^/]+$)/);
    expect(appConfig).toContain(`{ root: '${root}', pages: ['${page}'] }`);
  });

  it('takes a union picked on 首页 only with a well-formed id', () => {
    const orgId = '3f1c2a9e-5b7d-4c1a-9e2f-0a1b2c3d4e5f';
    expect(orgFrom({ org: orgId, orgName: encodeURIComponent('新街口') })).toEqual({ kind: 'org', orgId, orgName: '新街口' });
    expect(orgFrom({ org: 'nope', orgName: 'x' })).toBeUndefined();
  });
});

describe('employer suggestions', () => {
  it('offer exactly the names of the shared list', () => {
    expect(new Set(Object.values(EMPLOYERS_BY_CATEGORY).flat())).toEqual(new Set(EMPLOYER_SUGGESTIONS));
  });

  it('follow the worker category, show the rest on request, and narrow to what is typed', () => {
    expect(employerSuggestions('rider', '', false)).toEqual({ names: ['美团', '饿了么', '闪送', 'UU跑腿'], more: true });
    const all = employerSuggestions('rider', '', true);
    expect(all.names.slice(0, 4)).toEqual(['美团', '饿了么', '闪送', 'UU跑腿']);
    expect(all.names).toHaveLength(EMPLOYER_SUGGESTIONS.length);
    expect(all.more).toBe(false);
    expect(employerSuggestions('courier', '快递', false).names).toEqual(['中通快递', '韵达快递', '申通快递']);
    expect(employerSuggestions('', '', false).names).toContain('顺丰速运');
  });
});
