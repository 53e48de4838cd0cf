import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { classSettingsInputSchema, type ClassLesson } from '@union/shared';
import { getClassSettings, listLinkableLessons, saveClassSettings } from '../../../api/classes';
import { toApiError } from '../../../api/errors';
import ActionButton from '../../../components/ActionButton';
import FormField from '../../../components/FormField';
import Sheet from '../../../components/Sheet';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useRequest } from '../../../hooks/use-request';
import { webInputAttrs } from '../../../lib/input-kinds';

/** A web address: the URL keyboard on H5, no capitals or spell checking. */
const URL_INPUT = webInputAttrs({ type: 'url', inputmode: 'url', autocomplete: 'off', autocapitalize: 'off', spellcheck: false });

const lessonLabel = (l: ClassLesson) => `${l.courseTitle} · ${l.title}`;

/**
 * 课堂设置 on a 技能培训 service: the lesson it teaches (from the courses of the staffer's unions) and the live link of a
 * broadcast session. Members find it in 学习 → 课堂, book it here like any service, and earn the class points when
 * checked in at the door.
 */
export default function ClassPanel({ serviceId }: { serviceId: string }) {
  const settings = useRequest(async () => {
    const [saved, lessons] = await Promise.all([getClassSettings(serviceId), listLinkableLessons()]);
    return { saved, lessons };
  });
  const { run } = settings;
  const [lesson, setLesson] = useState<ClassLesson | null>(null);
  const [liveUrl, setLiveUrl] = useState('');
  const [picking, setPicking] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<'lessonId' | 'liveUrl' | 'form', string>>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void run();
  }, [run]);
  const loaded = settings.state.status === 'success' ? settings.state.data : null;
  useEffect(() => {
    if (!loaded) return;
    setLesson(loaded.saved.lesson);
    setLiveUrl(loaded.saved.liveUrl ?? '');
  }, [loaded]);

  async function save() {
    const parsed = classSettingsInputSchema.safeParse({ lessonId: lesson?.id ?? null, liveUrl: liveUrl.trim() || null });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message])));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = await saveClassSettings(serviceId, parsed.data);
      setLesson(saved.lesson);
      setLiveUrl(saved.liveUrl ?? '');
      void Taro.showToast({ title: '课堂设置已保存', icon: 'success', duration: 1500 });
    } catch (error) {
      const e = toApiError(error);
      setErrors({ [e.field === 'lessonId' || e.field === 'liveUrl' ? e.field : 'form']: e.message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="section">
      <View className="section__title">课堂设置</View>
      {!loaded ? (
        <RequestStatus state={settings.state} loadingText="正在加载课堂设置…" errorTitle="课堂设置加载失败" onRetry={() => void run()} />
      ) : (
        <View className="card service-form">
          <View className="service-edit__sheet-hint">会员在“学习 → 课堂”看到这门课，在这里预约；到场扫预约码签到后得学习积分。</View>
          <FormField label="关联课时（选填）" error={errors.lessonId} help="会员可从课堂打开这节课的资料和课后测试">
            <View
              className="form-field__row"
              hoverClass="form-field__row--pressed"
              ariaRole="button"
              ariaLabel={lesson ? `关联课时 ${lessonLabel(lesson)}，更换` : '选择关联课时'}
              onClick={() => setPicking(true)}
            >
              <View className={`form-field__value ${lesson ? '' : 'form-field__value--empty'}`}>{lesson ? lessonLabel(lesson) : '不关联课时'}</View>
              <View className="form-field__chevron">{lesson ? '更换 ›' : '选择 ›'}</View>
            </View>
          </FormField>
          <FormField label="直播链接（选填）" error={errors.liveUrl} help="云课堂等网上直播的 https 链接，会员可从课堂打开">
            <View className="form-field__row">
              <Input
                className="form-field__input"
                {...URL_INPUT}
                maxlength={500}
                value={liveUrl}
                placeholder="https://"
                placeholderClass="form-field__placeholder"
                ariaLabel="直播链接"
                onInput={(e) => {
                  setLiveUrl(e.detail.value);
                  setErrors((x) => ({ ...x, liveUrl: undefined, form: undefined }));
                }}
              />
            </View>
          </FormField>
          {errors.form ? (
            <View className="service-edit__error" ariaRole="alert">
              {errors.form}
            </View>
          ) : null}
          <ActionButton className="service-edit__save" loading={busy} loadingText="正在保存…" onClick={() => void save()}>
            保存课堂设置
          </ActionButton>
        </View>
      )}

      <Sheet open={picking} title="关联课时" onClose={() => setPicking(false)}>
        {loaded && loaded.lessons.length === 0 ? <EmptyState title="还没有课程" description="先在 工作台 → 课程和测试 发布课程，再回来关联课时。" /> : null}
        {loaded
          ? [null, ...loaded.lessons].map((l) => (
              <View
                key={l?.id ?? 'none'}
                className={`class-lesson ${(l?.id ?? null) === (lesson?.id ?? null) ? 'class-lesson--on' : ''}`}
                hoverClass="class-lesson--pressed"
                ariaRole="radio"
                aria-checked={(l?.id ?? null) === (lesson?.id ?? null)}
                onClick={() => {
                  setLesson(l);
                  setErrors((x) => ({ ...x, lessonId: undefined, form: undefined }));
                  setPicking(false);
                }}
              >
                <View className="class-lesson__main">
                  <View className="class-lesson__name">{l ? l.title : '不关联课时'}</View>
                  {l ? <View className="class-lesson__course muted">{l.courseTitle}</View> : null}
                </View>
              </View>
            ))
          : null}
      </Sheet>
    </View>
  );
}
