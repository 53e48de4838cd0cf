import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, View } from '@tarojs/components';
import { eventInputSchema, type MeResponse } from '@union/shared';
import { fetchMe } from '../../../api/auth';
import { toApiError } from '../../../api/errors';
import { createEvent } from '../../../api/events';
import { listOrgs } from '../../../api/orgs';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import FooterBar from '../../../components/FooterBar';
import FormField from '../../../components/FormField';
import Screen from '../../../components/Screen';
import { pageGate } from '../../../components/PageGate';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatClock, formatMonthDay, inBeijing, todayAt } from '../../../lib/dates';
import { STAFF_EVENT_NEW_PAGE, STAFF_QR_PAGE } from '../../../lib/navigation';
import { issueOf } from '../../../lib/validation';
import './index.scss';

const LAST_PLACE_KEY = 'union.staff.lastPlace';
const DURATIONS = [
  { value: '2', label: '2小时' },
  { value: '3', label: '3小时' },
  { value: '4', label: '4小时' },
  { value: '8', label: '全天' },
];

type Field = 'orgId' | 'title' | 'place' | 'startsAt' | 'endsAt';
type Errors = Partial<Record<Field | 'form', string>>;

function defaultTitle(): string {
  return `${formatMonthDay()}职工入会服务`;
}

function lastPlace(): string {
  try {
    const v: unknown = Taro.getStorageSync(LAST_PLACE_KEY);
    return typeof v === 'string' ? v : '';
  } catch {
    return '';
  }
}

/** The unions this staffer may run stalls for: each granted union once. */
function unionsOf(me: MeResponse): { orgId: string; orgName: string }[] {
  const seen = new Map<string, string>();
  for (const g of me.grants) if (!seen.has(g.orgId)) seen.set(g.orgId, g.orgName);
  return [...seen].map(([orgId, orgName]) => ({ orgId, orgName }));
}

export default function NewEventPage() {
  const me = useAuthedRequest(() => fetchMe(), STAFF_EVENT_NEW_PAGE);
  const [orgId, setOrgId] = useState('');
  const [title, setTitle] = useState(defaultTitle);
  const [place, setPlace] = useState(lastPlace);
  // null: starts now.
  const [startTime, setStartTime] = useState<string | null>(null);
  const [hours, setHours] = useState('3');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const unions = me.state.status === 'success' ? unionsOf(me.state.data) : [];

  // Once the unions arrive, the first is chosen unless one already is (afterwards orgId is never empty again).
  const firstOrgId = unions[0]?.orgId;
  useEffect(() => {
    if (!orgId && firstOrgId !== undefined) setOrgId(firstOrgId);
  }, [orgId, firstOrgId]);

  // Without a remembered place, start from the union's own address: looked up when the union changes, not as the
  // place is typed or cleared, nor when the unions reload.
  const latest = useRef({ unions, place });
  latest.current = { unions, place };
  useEffect(() => {
    const orgName = latest.current.unions.find((u) => u.orgId === orgId)?.orgName;
    if (!orgName || latest.current.place) return;
    listOrgs({ q: orgName, limit: 5 })
      .then((orgs) => {
        const address = orgs.find((o) => o.id === orgId)?.address;
        if (address) setPlace((p) => p || address);
      })
      .catch(() => undefined);
  }, [orgId]);

  /** Today in Beijing at the picked time, or now. */
  function times() {
    const startsAt = startTime ? todayAt(startTime) : inBeijing();
    return { startsAt, endsAt: startsAt.add(Number(hours), 'hour') };
  }

  async function submit() {
    if (busy) return;
    // The shared schema's own rules and messages, field by field.
    const { shape } = eventInputSchema;
    const next: Errors = {
      orgId: issueOf(shape.orgId, orgId),
      title: issueOf(shape.title, title),
      place: issueOf(shape.place, place),
    };
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;

    const { startsAt, endsAt } = times();
    setBusy(true);
    try {
      const event = await createEvent({ orgId, title, place, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() });
      try {
        Taro.setStorageSync(LAST_PLACE_KEY, place.trim());
      } catch {
        // Only a convenience for next time.
      }
      await Taro.redirectTo({ url: `${STAFF_QR_PAGE}?code=${encodeURIComponent(event.code)}` });
    } catch (error) {
      const apiError = toApiError(error);
      const field = apiError.field as Field | undefined;
      setErrors(field && ['orgId', 'title', 'place', 'startsAt', 'endsAt'].includes(field) ? { [field]: apiError.message } : { form: apiError.message });
    } finally {
      setBusy(false);
    }
  }

  const gate = pageGate({
    signedIn: me.signedIn,
    state: me.state,
    onRetry: () => void me.run(),
    signedOut: { title: '登录后创建入会活动', description: '使用工会工作人员的手机号登录。', returnTo: STAFF_EVENT_NEW_PAGE },
    noUnions: unions.length === 0,
    noUnionsText: { title: '没有可用的工会', description: '创建入会活动需要工会工作人员权限，请联系上级工会开通。' },
  });
  if (gate) return gate;

  const { startsAt, endsAt } = times();

  return (
    <Screen withFooter className="event-new">
      <View className="section">
        <View className="card">
          <FormField label="举办工会" error={errors.orgId}>
            {unions.length === 1 ? (
              <View className="event-new__org">{unions[0]!.orgName}</View>
            ) : (
              <Chips label="举办工会" options={unions.map((u) => ({ value: u.orgId, label: u.orgName }))} selected={orgId} onSelect={setOrgId} />
            )}
          </FormField>

          <FormField label="活动名称" error={errors.title}>
            <View className="form-field__row">
              <Input
                className="form-field__input"
                value={title}
                ariaLabel="活动名称"
                onInput={(e) => {
                  setTitle(e.detail.value);
                  setErrors((x) => ({ ...x, title: undefined }));
                }}
              />
            </View>
          </FormField>

          <FormField label="地点" error={errors.place} help="职工扫码后会看到这个地点">
            <View className="form-field__row">
              <Input
                className="form-field__input"
                value={place}
                placeholder="如 新街口快递分拣中心门口"
                placeholderClass="form-field__placeholder"
                ariaLabel="地点"
                onInput={(e) => {
                  setPlace(e.detail.value);
                  setErrors((x) => ({ ...x, place: undefined }));
                }}
              />
            </View>
          </FormField>

          <FormField label="开始时间" error={errors.startsAt}>
            <Picker mode="time" value={startTime ?? formatClock(Date.now())} onChange={(e) => setStartTime(String(e.detail.value))}>
              <View className="form-field__row" hoverClass="form-field__row--pressed">
                <View className="form-field__value">{startTime ? `今天 ${startTime}` : `现在（${formatClock(startsAt)}）`}</View>
                <View className="form-field__chevron">更改 ›</View>
              </View>
            </Picker>
          </FormField>

          <FormField label="持续时间" error={errors.endsAt} help={`到 ${formatClock(endsAt)} 结束，之后扫码会提示活动已结束`}>
            <Chips label="持续时间" options={DURATIONS} selected={hours} onSelect={setHours} />
          </FormField>
        </View>
      </View>

      <FooterBar>
        {errors.form ? (
          <View className="event-new__form-error" ariaRole="alert">
            {errors.form}
          </View>
        ) : null}
        <ActionButton loading={busy} loadingText="正在创建…" onClick={() => void submit()}>
          创建并显示二维码
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
