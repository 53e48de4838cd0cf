import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useDidHide, useRouter } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import {
  PRIVACY_NOTICE_TEXT,
  WORKER_CATEGORIES,
  WORK_DISTRICTS,
  checkIdNumber,
  normalizeIdNumber,
  type Org,
  type StallEvent,
  type WorkerCategory,
} from '@union/shared';
import { myApplications, previewRoute, readIdCard, resubmitApplication, submitApplication } from '../../api/applications';
import { fetchMe } from '../../api/auth';
import { type ApiError, toApiError } from '../../api/errors';
import { getEvent } from '../../api/events';
import ActionButton from '../../components/ActionButton';
import Chips from '../../components/Chips';
import ConsentCheck from '../../components/ConsentCheck';
import FooterBar from '../../components/FooterBar';
import FormField from '../../components/FormField';
import PhoneLogin from '../../components/PhoneLogin';
import Screen from '../../components/Screen';
import Sheet from '../../components/Sheet';
import { ErrorState, LoadingState } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { usePhoneLogin } from '../../hooks/use-phone-login';
import { type RequestState, useRequest } from '../../hooks/use-request';
import { formatBirthDate, formatClock, formatDateTime } from '../../lib/dates';
import { fileToJpegBase64, takeIdPhotoWeapp } from '../../lib/id-photo';
import { ID_INPUT, NAME_INPUT, NEEDS_X_KEY, groupIdNumber, ungroupIdNumber, webInputAttrs } from '../../lib/input-kinds';
import { type JoinDraft, type UnionChoice, clearDraft, loadDraft, saveDraft } from '../../lib/join-draft';
import { GENDER_LABELS } from '../../lib/labels';
import { APPLICATION_PAGE, CARD_PAGE, currentPageUrl, goToLogin, openPage, safeDecode } from '../../lib/navigation';
import { employerSuggestions } from './employers';
import {
  EVENT_GONE_CODES,
  FIELD_ORDER,
  applicationBody,
  districtName,
  eventCodeFrom,
  initialForm,
  orgFrom,
  placeSubmitError,
  validateField,
  validateForm,
  type FieldName,
  type JoinErrors,
  type Offer,
} from './join-form';
import UnionSheet from './union-sheet';
import './index.scss';

const CATEGORY_OPTIONS = (Object.keys(WORKER_CATEGORIES) as WorkerCategory[]).map((value) => ({ value, label: WORKER_CATEGORIES[value] }));
const DISTRICT_OPTIONS = WORK_DISTRICTS.map((d) => ({ value: d.code, label: d.name }));

export default function JoinPage() {
  const router = useRouter();
  const urlEventCode = useMemo(() => eventCodeFrom(router.params), [router.params]);
  const resubmitId = safeDecode(router.params.resubmit);
  const pickedOrg = useMemo(() => orgFrom(router.params), [router.params]);
  const [returnTo] = useState(currentPageUrl);

  // The phone step sits on this page, under the stall's card: no bare login page in between.
  const mine = useAuthedRequest(myApplications, returnTo, { promptLogin: false });
  const login = usePhoneLogin(() => mine.signedInHere());
  const me = useRequest(() => fetchMe({ quiet: true }));
  // 申请转会 chosen on the "already a member" notice: the form opens and submits as a transfer.
  const [transferring, setTransferring] = useState(router.params.transfer === '1');
  const [form, setForm] = useState<JoinDraft>(() => initialForm(null, urlEventCode, undefined));
  // The form as last typed, even before the next render: a field left by tapping 提交申请 right after typing
  // is checked against what was typed, not against the render before it (which showed a false 身份证号 error).
  const latestForm = useRef(form);
  latestForm.current = form;
  const [ready, setReady] = useState(false);
  const [errors, setErrors] = useState<JoinErrors>({});
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [offer, setOffer] = useState<Offer | null>(null);
  const [busy, setBusy] = useState(false);
  const [districtOpen, setDistrictOpen] = useState(false);
  const [unionOpen, setUnionOpen] = useState(false);
  const [allEmployers, setAllEmployers] = useState(false);
  // 活动码: typed from the stall's board by a worker whose phone cannot scan.
  const [codeOpen, setCodeOpen] = useState(false);
  const [codeValue, setCodeValue] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const [codeBusy, setCodeBusy] = useState(false);
  // 拍身份证: reading, what came back (to confirm), or why it did not.
  const [ocr, setOcr] = useState<{ status: 'idle' | 'reading' | 'read' | 'error'; message?: string }>({ status: 'idle' });
  const photoInput = useRef<HTMLInputElement | null>(null);

  // 入会到 for 按工作区域分配: the union that will review, as soon as the district is chosen.
  const [routedTo, setRoutedTo] = useState<string | null>(null);
  useEffect(() => {
    if (form.union.kind !== 'auto' || !form.workDistrict) {
      setRoutedTo(null);
      return undefined;
    }
    let live = true;
    previewRoute({ district: form.workDistrict, category: form.category || 'other' })
      .then((r) => live && setRoutedTo(r.org?.name ?? null))
      .catch(() => live && setRoutedTo(null));
    return () => {
      live = false;
    };
  }, [form.union.kind, form.workDistrict, form.category]);

  async function readPhoto(take: () => Promise<string | null>) {
    setOcr({ status: 'reading' });
    try {
      const image = await take();
      if (!image) {
        setOcr({ status: 'idle' });
        return;
      }
      const read = await readIdCard(image);
      update({ name: read.name, idNumber: read.idNumber }, ['name', 'idNumber']);
      setOcr({ status: 'read', message: '已识别，请核对姓名和身份证号，有误可直接修改' });
    } catch (error) {
      setOcr({ status: 'error', message: toApiError(error).message });
    }
  }

  const applications = mine.state.status === 'success' ? mine.state.data : null;
  const correcting = resubmitId ? applications?.find((a) => a.id === resubmitId && a.status === 'rejected') : undefined;
  const pending = !resubmitId ? applications?.find((a) => a.status === 'pending') : undefined;

  // The draft belongs to the signed-in account: read it once we know who that is.
  useEffect(() => {
    if (mine.signedIn) void me.run();
  }, [mine.signedIn]);

  useEffect(() => {
    if (ready || !mine.signedIn || !applications) return;
    setForm(initialForm(loadDraft(), urlEventCode, correcting, pickedOrg));
    setReady(true);
  }, [mine.signedIn, applications, ready]);

  // Kept on every change, so nothing typed is lost to a failed submit or a closed app.
  const saveTimer = useRef<ReturnType<typeof setTimeout>>();
  // Set once the server has the application: nothing is saved after that.
  const submitted = useRef(false);
  useEffect(() => {
    if (!ready || submitted.current) return undefined;
    saveTimer.current = setTimeout(() => saveDraft(form), 300);
    return () => clearTimeout(saveTimer.current);
  }, [form, ready]);
  useDidHide(() => {
    if (ready && !submitted.current) saveDraft(form);
  });

  const eventCode = form.union.kind === 'event' ? form.union.eventCode : undefined;
  const event = useRequest(() => getEvent(eventCode ?? ''));
  useEffect(() => {
    if (eventCode) void event.run();
    else event.reset();
  }, [eventCode]);

  // The stall's union usually sits in the district where the worker works: fill it in, clearly marked.
  useEffect(() => {
    if (event.state.status !== 'success' || !ready) return;
    const region = event.state.data.orgRegionCode;
    if (districtName(region)) setForm((f) => (f.workDistrict ? f : { ...f, workDistrict: region, districtGuessed: true }));
  }, [event.state.status, ready]);

  /** Callers name the fields to re-check: those already left or in error (never nag mid-typing), or picked by a tap. */
  function update(patch: Partial<JoinDraft>, fields: FieldName[] = []) {
    const next = { ...form, ...patch };
    latestForm.current = next;
    setForm(next);
    setOffer(null);
    if (fields.length > 0) {
      setErrors((e) => {
        const copy = { ...e, form: undefined };
        for (const f of fields) copy[f] = validateField(f, next);
        return copy;
      });
    }
  }

  function blur(field: FieldName) {
    setTouched((t) => ({ ...t, [field]: true }));
    setErrors((e) => ({ ...e, [field]: validateField(field, latestForm.current) }));
  }

  function pickUnion(org: Org | null) {
    setUnionOpen(false);
    setErrors((e) => ({ ...e, union: undefined }));
    setOffer(null);
    const union: UnionChoice = org ? { kind: 'org', orgId: org.id, orgName: org.name } : { kind: 'auto' };
    const guess = org && districtName(org.regionCode) ? org.regionCode : undefined;
    setForm((f) => ({
      ...f,
      union,
      ...(guess && (!f.workDistrict || f.districtGuessed) ? { workDistrict: guess, districtGuessed: true } : {}),
    }));
  }

  async function applyEventCode() {
    const code = codeValue.trim().toUpperCase();
    if (!/^[A-Z0-9]{6,16}$/.test(code)) {
      setCodeError('活动码是6到16位字母或数字，见现场展板二维码下方');
      return;
    }
    setCodeBusy(true);
    try {
      await getEvent(code);
      setCodeOpen(false);
      setCodeError(undefined);
      setErrors((e) => ({ ...e, union: undefined }));
      setForm((f) => ({ ...f, union: { kind: 'event', eventCode: code } }));
    } catch (error) {
      setCodeError(toApiError(error).message);
    } finally {
      setCodeBusy(false);
    }
  }

  /**
   * Straight to the field, without an animation: the page under a thumb must not keep moving after the error shows
   * (a tap meant for the next field would land on whatever scrolls under it; seen in the stall browser test on a
   * loaded machine, where a chip tap during the 200 ms scroll opened the 工作区域 sheet instead).
   */
  function scrollTo(selector: string) {
    Taro.pageScrollTo({ selector, duration: 0 }).catch(() => undefined);
  }

  function placeServerError(error: ApiError) {
    const placement = placeSubmitError(error);
    switch (placement.to) {
      case 'offer':
        setOffer(placement.offer);
        return;
      case 'field':
        setErrors({ [placement.field]: placement.message });
        scrollTo(`#join-${placement.field}`);
        return;
      case 'union':
        setErrors({ union: placement.message });
        if (placement.reloadEvent) void event.run();
        scrollTo('#join-union');
        return;
      case 'consent':
        setErrors({ consent: placement.message });
        return;
      case 'form':
        setErrors({ form: placement.message });
    }
  }

  async function submit(transfer = false) {
    if (busy) return;
    // What was typed, even if the tap came before the render that follows the last keystroke.
    const form = latestForm.current;
    const next = validateForm(form);
    setTouched({ name: true, idNumber: true, category: true, employer: true, workDistrict: true });
    // One problem at a time, the first one, scrolled to: not six red fields at once.
    const first = FIELD_ORDER.find((f) => next[f]);
    if (first) {
      setErrors({ [first]: next[first] });
      scrollTo(`#join-${first}`);
      return;
    }
    if (next.consent) {
      setErrors({ consent: next.consent });
      scrollTo('#join-consent');
      return;
    }
    setErrors({});

    setBusy(true);
    setOffer(null);
    saveDraft(form);
    try {
      const body = applicationBody(form, transfer || transferring);
      if (correcting) await resubmitApplication(correcting.id, body);
      else await submitApplication(body);
      // The server has it now: the full ID number does not stay in this phone's storage.
      submitted.current = true;
      clearTimeout(saveTimer.current);
      clearDraft();
      await Taro.redirectTo({ url: APPLICATION_PAGE });
    } catch (error) {
      // Everything typed stays on screen (and in storage); only the message changes.
      placeServerError(toApiError(error));
    } finally {
      setBusy(false);
    }
  }

  if (!mine.signedIn) {
    return (
      <Screen withFooter className='join'>
        <View className='section'>
          <View className='section__title'>入会到</View>
          {eventCode ? (
            <EventCard state={event.state} onRetry={() => void event.run()} />
          ) : (
            <View className='card join__union'>
              <View className='join__union-main'>
                <View className='join__union-name'>{pickedOrg?.kind === 'org' ? pickedOrg.orgName : '验证手机号后选择工会'}</View>
                <View className='join__union-desc muted'>没扫码？验证后可输入现场的活动码</View>
              </View>
            </View>
          )}
        </View>
        <View className='section'>
          <View className='section__title'>
            <View>第一步：验证手机号</View>
            <View className='section__hint'>约1分钟 · 自动保存</View>
          </View>
          <View className='card join__phone'>
            <PhoneLogin login={login} />
          </View>
        </View>
        <FooterBar>
          {login.errors.form ? (
            <View className='join__form-error' ariaRole='alert'>
              {login.errors.form}
            </View>
          ) : null}
          <ActionButton loading={login.submitting} loadingText='正在验证…' onClick={() => void login.submit()}>
            验证并继续
          </ActionButton>
        </FooterBar>
      </Screen>
    );
  }

  if (mine.state.status === 'error' && !ready) {
    return (
      <Screen className='join'>
        <View className='section'>
          <ErrorState title='加载失败' message={mine.state.error.message} onRetry={() => void mine.run()} />
        </View>
      </Screen>
    );
  }

  if (!ready) {
    return (
      <Screen className='join'>
        <View className='section'>
          <LoadingState text='正在打开入会申请…' />
        </View>
      </Screen>
    );
  }

  const membership = me.state.status === 'success' ? me.state.data.membership : null;
  if (membership && membership.status !== 'left' && !transferring && !correcting) {
    return (
      <Screen withFooter className='join'>
        <View className='section'>
          <View className='card join__member' ariaRole='alert'>
            <View className='tag tag--success'>已是会员</View>
            <View className='join__pending-title'>您已是{membership.orgName}会员</View>
            <View className='muted join__pending-text'>
              一个人只能在一个工会。换了工作可以申请转会，由新工会审核，通过后原会籍自动转出。
            </View>
          </View>
        </View>
        <FooterBar>
          <View className='join__offer-actions'>
            <ActionButton onClick={() => openPage(CARD_PAGE)}>查看会员卡</ActionButton>
            <ActionButton variant='text' onClick={() => setTransferring(true)}>
              申请转会
            </ActionButton>
          </View>
        </FooterBar>
      </Screen>
    );
  }

  if (pending) {
    return (
      <Screen withFooter className='join'>
        <View className='section'>
          <View className='card join__pending'>
            <View className='tag tag--info'>待审核</View>
            <View className='join__pending-title'>您已提交入会申请</View>
            <View className='muted join__pending-text'>
              {pending.orgName} · {formatDateTime(pending.submittedAt)}提交。工作人员审核后，这里和会员卡页面会马上显示结果。
            </View>
          </View>
        </View>
        <FooterBar>
          <ActionButton onClick={() => void Taro.redirectTo({ url: APPLICATION_PAGE })}>查看申请进度</ActionButton>
        </FooterBar>
      </Screen>
    );
  }

  // The shared validator also reads gender and birth date from the number.
  const idCheck = checkIdNumber(form.idNumber);
  const { names: suggestions, more: hasMoreEmployers } = employerSuggestions(form.category, form.employer, allEmployers);

  return (
    <Screen withFooter className='join'>
      {correcting ? (
        <View className='section'>
          <View className='join__reason' ariaRole='alert'>
            <View className='join__reason-title'>上次未通过的原因</View>
            <View>{correcting.rejectReason ?? '工作人员未填写原因'}</View>
          </View>
        </View>
      ) : null}

      <View className='section' id='join-union'>
        <View className='section__title'>入会到</View>
        {form.union.kind === 'event' ? (
          <EventCard
            state={event.state}
            onRetry={() => void event.run()}
            onPickInstead={() => {
              setForm((f) => ({ ...f, union: { kind: 'auto' } }));
              setUnionOpen(true);
            }}
          />
        ) : (
          <View className='card join__union' hoverClass='join__union--pressed' ariaRole='button' onClick={() => setUnionOpen(true)}>
            <View className='join__union-main'>
              <View className='join__union-name'>{form.union.kind === 'org' ? form.union.orgName : (routedTo ?? '不确定，按工作区域分配')}</View>
              <View className='join__union-desc muted'>
                {form.union.kind === 'org' || routedTo
                  ? `由该工会审核您的申请${routedTo && form.union.kind === 'auto' ? '（按工作区域分配）' : ''}`
                  : '选好下面的工作区域后，这里会显示审核您申请的工会'}
              </View>
            </View>
            <View className='join__union-change'>更换 ›</View>
          </View>
        )}
        {form.union.kind !== 'event' ? (
          <View className='join__code-entry' hoverClass='join__code-entry--pressed' ariaRole='button' onClick={() => setCodeOpen(true)}>
            在现场？输入活动码
          </View>
        ) : null}
        {errors.union ? (
          <View className='form-field__error' ariaRole='alert'>
            {errors.union}
          </View>
        ) : null}
      </View>

      <View className='section'>
        <View className='section__title'>
          <View>填写信息</View>
          <View className='section__hint'>约1分钟 · 自动保存</View>
        </View>
        <View className='card join__form'>
          <View className='join__ocr'>
            <View
              className={`join__ocr-button ${ocr.status === 'reading' ? 'join__ocr-button--busy' : ''}`}
              hoverClass='join__ocr-button--pressed'
              ariaRole='button'
              onClick={() => {
                if (ocr.status === 'reading') return;
                if (process.env.TARO_ENV === 'h5') photoInput.current?.click();
                else void readPhoto(takeIdPhotoWeapp);
              }}
            >
              {ocr.status === 'reading' ? '正在识别…' : '拍身份证，自动填写'}
            </View>
            {process.env.TARO_ENV === 'h5' ? (
              <input
                ref={photoInput}
                className='join__ocr-file'
                type='file'
                accept='image/*'
                capture='environment'
                aria-label='拍身份证'
                onChange={(e) => {
                  const input = e.currentTarget as HTMLInputElement;
                  const file = input.files?.[0];
                  input.value = '';
                  if (file) void readPhoto(() => fileToJpegBase64(file));
                }}
              />
            ) : null}
            <View className={`join__ocr-note ${ocr.status === 'error' ? 'join__ocr-note--error' : ''}`} ariaRole={ocr.status === 'error' ? 'alert' : undefined}>
              {ocr.message ?? '拍人像面，照片只用来识别，不保存'}
            </View>
          </View>
          <FormField label='姓名' error={errors.name} id='join-name'>
            <View className='form-field__row'>
              <Input
                className='form-field__input'
                {...NAME_INPUT}
                placeholder='与身份证上一致'
                placeholderClass='form-field__placeholder'
                value={form.name}
                ariaLabel='姓名'
                onInput={(e) => update({ name: e.detail.value }, touched.name || errors.name ? ['name'] : [])}
                onBlur={() => blur('name')}
              />
            </View>
          </FormField>

          <FormField
            label='身份证号'
            error={errors.idNumber}
            id='join-idNumber'
            help={
              idCheck.ok
                ? undefined
                : correcting && !form.idNumber
                  ? '为保护您的信息，身份证号提交后不在手机上保存，请重新输入'
                  : NEEDS_X_KEY
                    ? '18位，最后一位是X时点右边的X键'
                    : '18位，最后一位可能是X'
            }
          >
            <View className='form-field__row'>
              <Input
                className='form-field__input join__id-input'
                {...ID_INPUT}
                placeholder='18位身份证号'
                placeholderClass='form-field__placeholder'
                value={groupIdNumber(form.idNumber)}
                ariaLabel='身份证号'
                onInput={(e) => {
                  // Shown grouped 6-8-4; kept without the spaces. Full-width digits and a lowercase x
                  // become what the contract expects, as they are typed.
                  const value = normalizeIdNumber(ungroupIdNumber(e.detail.value));
                  // Checked as soon as all 18 characters are in, so a wrong check digit shows before submit.
                  update({ idNumber: value }, value.length >= 18 || touched.idNumber || errors.idNumber ? ['idNumber'] : []);
                }}
                onBlur={() => blur('idNumber')}
              />
              {NEEDS_X_KEY ? (
                <View
                  className={`join__x-key ${form.idNumber.length === 17 ? 'join__x-key--ready' : ''}`}
                  hoverClass='join__x-key--pressed'
                  ariaRole='button'
                  ariaLabel='输入X'
                  onClick={() => {
                    if (form.idNumber.length >= 18) return;
                    const value = `${form.idNumber}X`;
                    update({ idNumber: value }, value.length >= 18 || touched.idNumber ? ['idNumber'] : []);
                  }}
                >
                  X
                </View>
              ) : null}
            </View>
          </FormField>
          {idCheck.ok ? (
            <View className='join__derived' ariaRole='status'>
              <View className='join__derived-item'>
                <View className='join__derived-key'>性别</View>
                <View className='join__derived-value'>{GENDER_LABELS[idCheck.gender]}</View>
              </View>
              <View className='join__derived-item'>
                <View className='join__derived-key'>出生日期</View>
                <View className='join__derived-value'>{formatBirthDate(idCheck.birthDate)}</View>
              </View>
              <View className='join__derived-note'>由身份证号自动识别</View>
            </View>
          ) : null}

          <FormField label='职业类别' error={errors.category} id='join-category'>
            <Chips
              label='职业类别'
              options={CATEGORY_OPTIONS}
              selected={form.category || null}
              onSelect={(category) => update({ category }, ['category'])}
            />
          </FormField>

          <FormField label='工作单位或平台' error={errors.employer} id='join-employer'>
            <View className='form-field__row'>
              <Input
                className='form-field__input'
                placeholder='如 顺丰速运、美团，或公司名称'
                placeholderClass='form-field__placeholder'
                value={form.employer}
                ariaLabel='工作单位或平台'
                onInput={(e) => update({ employer: e.detail.value }, touched.employer || errors.employer ? ['employer'] : [])}
                onBlur={() => blur('employer')}
              />
            </View>
            {suggestions.length > 0 ? (
              <View className='join__suggest'>
                <Chips
                  label='常见工作单位和平台'
                  options={suggestions.map((s) => ({ value: s, label: s }))}
                  selected={form.employer.trim() || null}
                  onSelect={(employer) => {
                    setTouched((t) => ({ ...t, employer: true }));
                    update({ employer }, ['employer']);
                  }}
                />
                {hasMoreEmployers ? (
                  <View className='join__more' hoverClass='join__more--pressed' ariaRole='button' onClick={() => setAllEmployers(true)}>
                    更多平台
                  </View>
                ) : null}
              </View>
            ) : null}
          </FormField>

          <FormField
            label='工作区域'
            error={errors.workDistrict}
            id='join-workDistrict'
            help={form.workDistrict && form.districtGuessed ? '已按入会工会所在区域填写，不对请点击更改' : undefined}
          >
            <View className='form-field__row join__picker' hoverClass='form-field__row--pressed' ariaRole='button' onClick={() => setDistrictOpen(true)}>
              <View className={`form-field__value ${form.workDistrict ? '' : 'form-field__value--empty'}`}>
                {districtName(form.workDistrict) ?? '请选择您主要工作的区'}
              </View>
              <View className='form-field__chevron'>{form.workDistrict ? '更改 ›' : '选择 ›'}</View>
            </View>
          </FormField>
        </View>
      </View>

      <View className='section' id='join-consent'>
        <View className='card join__consent'>
          <ConsentCheck
            checked={form.consent}
            onChange={(consent) => {
              update({ consent });
              if (consent) setErrors((e) => ({ ...e, consent: undefined }));
            }}
            text={PRIVACY_NOTICE_TEXT}
            error={errors.consent}
          >
            我已阅读并同意《个人信息保护说明》
          </ConsentCheck>
        </View>
      </View>

      <Sheet open={districtOpen} title='选择工作区域' onClose={() => setDistrictOpen(false)}>
        <Chips
          label='工作区域'
          columns={3}
          options={DISTRICT_OPTIONS}
          selected={form.workDistrict || null}
          onSelect={(workDistrict) => {
            setDistrictOpen(false);
            setTouched((t) => ({ ...t, workDistrict: true }));
            update({ workDistrict, districtGuessed: false }, ['workDistrict']);
          }}
        />
      </Sheet>

      <Sheet
        open={codeOpen}
        title='输入活动码'
        onClose={() => setCodeOpen(false)}
        footer={
          <ActionButton loading={codeBusy} loadingText='正在查找…' onClick={() => void applyEventCode()}>
            确定
          </ActionButton>
        }
      >
        <FormField label='活动码' error={codeError} help='在现场展板的二维码下方，如 K7M2Q9XA'>
          <View className='form-field__row'>
            <Input
              className='form-field__input'
              maxlength={16}
              placeholder='6到16位字母或数字'
              placeholderClass='form-field__placeholder'
              value={codeValue}
              ariaLabel='活动码'
              {...webInputAttrs({ autocapitalize: 'characters', autocomplete: 'off', spellcheck: false })}
              onInput={(e) => {
                setCodeValue(e.detail.value.replace(/[^A-Za-z0-9]/g, '').toUpperCase());
                setCodeError(undefined);
              }}
            />
          </View>
        </FormField>
      </Sheet>

      <UnionSheet
        open={unionOpen}
        onClose={() => setUnionOpen(false)}
        onPick={pickUnion}
        selectedId={form.union.kind === 'org' ? form.union.orgId : undefined}
      />

      <FooterBar>
        {offer ? (
          <View className='join__offer' ariaRole='alert'>
            {offer.message}
          </View>
        ) : null}
        {errors.form ? (
          <View className='join__form-error' ariaRole='alert'>
            {errors.form}
          </View>
        ) : null}
        {offer?.kind === 'transfer' ? (
          offer.canTransfer ? (
            <View className='join__offer-actions'>
              <ActionButton loading={busy} loadingText='正在提交…' onClick={() => void submit(true)}>
                申请转会
              </ActionButton>
              <ActionButton variant='text' onClick={() => openPage(CARD_PAGE)}>
                不转会，查看我的会员卡
              </ActionButton>
            </View>
          ) : (
            <ActionButton onClick={() => openPage(CARD_PAGE)}>查看我的会员卡</ActionButton>
          )
        ) : offer?.kind === 'duplicate' ? (
          <ActionButton onClick={() => void Taro.redirectTo({ url: APPLICATION_PAGE })}>查看申请进度</ActionButton>
        ) : offer?.kind === 'phone' ? (
          <ActionButton onClick={() => goToLogin(returnTo)}>用手机号登录</ActionButton>
        ) : (
          <ActionButton loading={busy} loadingText='正在提交…' onClick={() => void submit(false)}>
            {correcting ? '重新提交' : '提交申请'}
          </ActionButton>
        )}
      </FooterBar>
    </Screen>
  );
}

interface EventCardProps {
  state: RequestState<StallEvent>;
  onRetry: () => void;
  onPickInstead?: () => void;
}

/** The stall the QR code belongs to: which union will decide, where and when. */
function EventCard({ state, onRetry, onPickInstead }: EventCardProps) {
  if (state.status === 'idle' || state.status === 'loading') return <LoadingState text='正在读取入会活动…' />;
  if (state.status === 'error') {
    const gone = EVENT_GONE_CODES.includes(state.error.code);
    if (!gone) return <ErrorState title='入会活动加载失败' message={state.error.message} onRetry={onRetry} />;
    return (
      <View className='card join__event join__event--gone'>
        <View className='join__event-gone' ariaRole='alert'>
          {state.error.message}
        </View>
        {onPickInstead ? (
          <ActionButton variant='secondary' size='small' onClick={onPickInstead}>
            自己选择工会
          </ActionButton>
        ) : null}
      </View>
    );
  }
  const e = state.data;
  return (
    <View className='card join__event'>
      <View className='tag tag--primary'>现场入会 · {e.title}</View>
      <View className='join__event-org'>{e.orgName}</View>
      <View className='join__event-meta muted'>{e.place}</View>
      <View className='join__event-meta muted'>
        {formatDateTime(e.startsAt)}–{formatClock(e.endsAt)}
      </View>
    </View>
  );
}
