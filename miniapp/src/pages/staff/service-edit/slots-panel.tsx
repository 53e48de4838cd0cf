import { useState } from 'react';
import { Picker, View } from '@tarojs/components';
import { slotInputSchema, slotScheduleSchema, type Slot } from '@union/shared';
import { toApiError } from '../../../api/errors';
import { addSlot, generateSlots } from '../../../api/services-admin';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import type { RequestState } from '../../../hooks/use-request';
import { formatClock, inBeijing } from '../../../lib/dates';
import InputRow from './input-row';
import SlotRoster from './slot-roster';
import type { FormErrors } from './service-form';

const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
/** ISO weekdays (1 = Monday) as the schedule schema takes them. */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: WEEKDAY_NAMES[d % 7]! }));
const WEEKS = [
  { value: '1', label: '1周' },
  { value: '2', label: '2周' },
  { value: '4', label: '4周' },
  { value: '8', label: '8周' },
];

/** A Beijing date and clock time as an instant (Beijing has no daylight saving). */
const beijingInstant = (date: string, clock: string) => new Date(`${date}T${clock}:00+08:00`).toISOString();

function dayLabel(iso: string) {
  const d = inBeijing(iso);
  return `${d.month() + 1}月${d.date()}日 ${WEEKDAY_NAMES[d.day()]}`;
}

/** Sends a request and reports its Chinese message under the field the server blamed. */
function fieldOf(error: unknown, known: string[], fallback: string): FormErrors {
  const apiError = toApiError(error);
  const field = apiError.field?.split('.')[0];
  return { [field && known.includes(field) ? field : fallback]: apiError.message };
}

function zodErrors(issues: { path: PropertyKey[]; message: string }[]): FormErrors {
  const out: FormErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}

interface TimePickProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
}

function TimePick({ label, value, onChange }: TimePickProps) {
  return (
    <Picker mode="time" value={value} onChange={(e) => onChange(String(e.detail.value))}>
      <View className="form-field__row slots-panel__pick" hoverClass="form-field__row--pressed" ariaRole="button" ariaLabel={`${label} ${value}`}>
        <View className="form-field__value">{value}</View>
      </View>
    </Picker>
  );
}

interface SlotsPanelProps {
  serviceId: string;
  slots: RequestState<Slot[]>;
  onRetry: () => void;
  /** After slots were added: reload the list. */
  onAdded: (created: number) => void;
  /** After a slot was cancelled (this many people told): reload the list. */
  onCancelled: (notified: number) => void;
}

/** 时段: the upcoming slots, one more slot by hand, or many from a weekly schedule. */
export default function SlotsPanel({ serviceId, slots, onRetry, onAdded, onCancelled }: SlotsPanelProps) {
  // The slot whose roster is open (one at a time).
  const [open, setOpen] = useState<string | null>(null);
  const tomorrow = inBeijing().add(1, 'day').format('YYYY-MM-DD');
  // A weekly schedule from tomorrow on.
  const [weekdays, setWeekdays] = useState<string[]>(['1', '2', '3', '4', '5']);
  const [times, setTimes] = useState([{ start: '09:00', end: '11:00' }]);
  const [weeks, setWeeks] = useState('2');
  const [weekCapacity, setWeekCapacity] = useState('5');
  const [weekErrors, setWeekErrors] = useState<FormErrors>({});
  const [weekBusy, setWeekBusy] = useState(false);

  const to = inBeijing(`${tomorrow}T00:00:00+08:00`).add(Number(weeks) * 7 - 1, 'day');
  let planned = 0;
  for (let d = inBeijing(`${tomorrow}T00:00:00+08:00`); !d.isAfter(to); d = d.add(1, 'day'))
    if (weekdays.includes(String(d.day() === 0 ? 7 : d.day()))) planned += times.length;

  async function submitWeekly() {
    if (weekBusy) return;
    const parsed = slotScheduleSchema.safeParse({
      weekdays: weekdays.map(Number).sort(),
      times,
      from: tomorrow,
      to: to.format('YYYY-MM-DD'),
      capacity: Number(weekCapacity || NaN),
    });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) =>
        i.path[0] === 'capacity' ? { ...i, message: '名额应为 1-10000 的整数' } : i.path[0] === 'weekdays' ? { ...i, message: '请至少选择一天' } : i,
      );
      setWeekErrors(zodErrors(issues));
      return;
    }
    setWeekErrors({});
    setWeekBusy(true);
    try {
      const res = await generateSlots(serviceId, parsed.data);
      onAdded(res.created);
    } catch (error) {
      // A slot that ends before it starts or overlaps another is about the times chosen.
      const errs = fieldOf(error, ['weekdays', 'times', 'to', 'capacity', 'startsAt', 'endsAt'], 'form');
      setWeekErrors({ times: errs.startsAt ?? errs.endsAt ?? errs.times, weekdays: errs.weekdays, to: errs.to, capacity: errs.capacity, form: errs.form });
    } finally {
      setWeekBusy(false);
    }
  }

  const list = slots.status === 'success' ? slots.data : [];
  const days: { label: string; items: Slot[] }[] = [];
  for (const slot of list) {
    const label = dayLabel(slot.startsAt);
    const last = days[days.length - 1];
    if (last?.label === label) last.items.push(slot);
    else days.push({ label, items: [slot] });
  }

  return (
    <View className="slots-panel">
      <View className="section__title">已有时段</View>
      <View className="card">
        <RequestStatus state={slots} loadingText="正在加载时段…" errorTitle="时段加载失败" onRetry={onRetry} />
        {slots.status === 'success' && list.length === 0 ? <EmptyState title="还没有时段" description="添加时段后，会员才能预约。" /> : null}
        {days.map((day) => (
          <View key={day.label} className="slots-panel__day">
            <View className="slots-panel__day-label">{day.label}</View>
            {day.items.map((slot) => (
              <View key={slot.id} className={`slots-panel__item ${slot.cancelledAt ? 'slots-panel__item--cancelled' : ''}`}>
                <View
                  className="slots-panel__slot"
                  hoverClass="slots-panel__slot--pressed"
                  ariaRole="button"
                  ariaLabel={`${formatClock(slot.startsAt)}–${formatClock(slot.endsAt)} ${open === slot.id ? '收起名单' : '查看名单'}`}
                  onClick={() => setOpen(open === slot.id ? null : slot.id)}
                >
                  <View className="slots-panel__time">
                    {formatClock(slot.startsAt)}–{formatClock(slot.endsAt)}
                  </View>
                  <View className="slots-panel__count muted">
                    {slot.cancelledAt ? (
                      `已取消：${slot.cancelReason ?? ''}`
                    ) : (
                      <>
                        名额 {slot.capacity} · 已约 {slot.taken}
                        {slot.waitlisted ? ` · 候补 ${slot.waitlisted}` : ''}
                      </>
                    )}
                  </View>
                  <View className="slots-panel__toggle">{open === slot.id ? '收起' : '名单 ›'}</View>
                </View>
                {open === slot.id ? (
                  <SlotRoster
                    serviceId={serviceId}
                    slot={slot}
                    onCancelled={(notified) => {
                      setOpen(null);
                      onCancelled(notified);
                    }}
                  />
                ) : null}
              </View>
            ))}
          </View>
        ))}
      </View>

      <View className="section__title">按周排期生成</View>
      <View className="card slots-panel__weekly">
        <FormField label="每周" error={weekErrors.weekdays}>
          <Chips
            label="每周哪几天"
            columns={4}
            options={WEEKDAYS}
            selected={weekdays}
            onSelect={(d) => {
              setWeekdays((w) => (w.includes(d) ? w.filter((x) => x !== d) : [...w, d]));
              setWeekErrors((e) => ({ ...e, weekdays: undefined }));
            }}
          />
        </FormField>
        <FormField label="每天的时间" error={weekErrors.times}>
          {times.map((time, i) => (
            <View key={i} className="slots-panel__range">
              <TimePick label="开始" value={time.start} onChange={(v) => setTimes((t) => t.map((x, j) => (j === i ? { ...x, start: v } : x)))} />
              <View className="slots-panel__to">至</View>
              <TimePick label="结束" value={time.end} onChange={(v) => setTimes((t) => t.map((x, j) => (j === i ? { ...x, end: v } : x)))} />
              {times.length > 1 ? (
                <View
                  className="slots-panel__remove"
                  hoverClass="slots-panel__remove--pressed"
                  ariaRole="button"
                  ariaLabel="删除这个时间"
                  onClick={() => setTimes((t) => t.filter((_, j) => j !== i))}
                >
                  删除
                </View>
              ) : null}
            </View>
          ))}
          {times.length < 6 ? (
            <View
              className="slots-panel__add"
              hoverClass="slots-panel__add--pressed"
              ariaRole="button"
              onClick={() => setTimes((t) => [...t, { start: '14:00', end: '16:00' }])}
            >
              + 再加一个时间
            </View>
          ) : null}
        </FormField>
        <FormField label="排到" error={weekErrors.to} help={`从明天起到 ${to.month() + 1}月${to.date()}日，共 ${planned} 个时段`}>
          <Chips label="排几周" columns={4} options={WEEKS} selected={weeks} onSelect={setWeeks} />
        </FormField>
        <FormField label="每个时段名额" error={weekErrors.capacity}>
          <InputRow
            count
            ariaLabel="每个时段名额"
            value={weekCapacity}
            after="人"
            onInput={(v) => {
              setWeekCapacity(v);
              setWeekErrors((x) => ({ ...x, capacity: undefined }));
            }}
          />
        </FormField>
        {weekErrors.form ? (
          <View className="slots-panel__error" ariaRole="alert">
            {weekErrors.form}
          </View>
        ) : null}
        <ActionButton variant="secondary" loading={weekBusy} loadingText="正在生成…" onClick={() => void submitWeekly()}>
          生成 {planned} 个时段
        </ActionButton>
      </View>

      <OneSlotCard serviceId={serviceId} tomorrow={tomorrow} onAdded={onAdded} />
    </View>
  );
}

/** 添加单个时段: one more slot by hand. */
function OneSlotCard({ serviceId, tomorrow, onAdded }: { serviceId: string; tomorrow: string; onAdded: (created: number) => void }) {
  const [date, setDate] = useState(tomorrow);
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('10:00');
  const [capacity, setCapacity] = useState('1');
  const [oneErrors, setOneErrors] = useState<FormErrors>({});
  const [oneBusy, setOneBusy] = useState(false);

  async function submitOne() {
    if (oneBusy) return;
    const parsed = slotInputSchema.safeParse({ startsAt: beijingInstant(date, start), endsAt: beijingInstant(date, end), capacity: Number(capacity || NaN) });
    if (!parsed.success) {
      setOneErrors(zodErrors(parsed.error.issues.map((i) => (i.path[0] === 'capacity' ? { ...i, message: '名额应为 1-10000 的整数' } : i))));
      return;
    }
    setOneErrors({});
    setOneBusy(true);
    try {
      const res = await addSlot(serviceId, parsed.data);
      onAdded(res.created);
    } catch (error) {
      setOneErrors(fieldOf(error, ['startsAt', 'endsAt', 'capacity'], 'form'));
    } finally {
      setOneBusy(false);
    }
  }

  return (
    <>
      <View className="section__title">添加单个时段</View>
      <View className="card slots-panel__one">
        <FormField label="日期" error={oneErrors.form}>
          <Picker mode="date" value={date} start={inBeijing().format('YYYY-MM-DD')} onChange={(e) => setDate(String(e.detail.value))}>
            <View className="form-field__row" hoverClass="form-field__row--pressed" ariaRole="button" ariaLabel={`日期 ${date}`}>
              <View className="form-field__value">{dayLabel(beijingInstant(date, '12:00'))}</View>
              <View className="form-field__chevron">更改 ›</View>
            </View>
          </Picker>
        </FormField>
        <FormField label="开始时间" error={oneErrors.startsAt}>
          <TimePick
            label="开始时间"
            value={start}
            onChange={(v) => {
              setStart(v);
              setOneErrors({});
            }}
          />
        </FormField>
        <FormField label="结束时间" error={oneErrors.endsAt}>
          <TimePick
            label="结束时间"
            value={end}
            onChange={(v) => {
              setEnd(v);
              setOneErrors({});
            }}
          />
        </FormField>
        <FormField label="名额" error={oneErrors.capacity}>
          <InputRow
            count
            ariaLabel="名额"
            value={capacity}
            after="人"
            onInput={(v) => {
              setCapacity(v);
              setOneErrors((x) => ({ ...x, capacity: undefined }));
            }}
          />
        </FormField>
        <ActionButton variant="secondary" loading={oneBusy} loadingText="正在添加…" onClick={() => void submitOne()}>
          添加时段
        </ActionButton>
      </View>
    </>
  );
}
