import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Textarea, View } from '@tarojs/components';
import {
  COURSE_AUDIENCE_LABELS,
  COURSE_AUDIENCES,
  LESSON_KIND_LABELS,
  LESSON_KINDS,
  WORKER_CATEGORIES,
  WORKER_CATEGORY_CODES,
  type CourseAudience,
  type LessonKind,
  type WorkerCategory,
} from '@union/shared';
import { toApiError } from '../../../api/errors';
import { createCourse } from '../../../api/learning';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';

interface LessonDraft {
  kind: LessonKind;
  title: string;
  body: string;
  url: string;
  minutes: string;
}

const emptyLesson = (): LessonDraft => ({ kind: 'text', title: '', body: '', url: '', minutes: '5' });

function LessonFields({ n, lesson, onChange }: { n: number; lesson: LessonDraft; onChange: (l: LessonDraft) => void }) {
  const set = (patch: Partial<LessonDraft>) => onChange({ ...lesson, ...patch });
  return (
    <View className="staff-learning__lesson">
      <FormField label={`第${n}课时`}>
        <Chips
          label={`第${n}课时类型`}
          options={LESSON_KINDS.map((k) => ({ value: k, label: LESSON_KIND_LABELS[k] }))}
          selected={lesson.kind}
          onSelect={(kind) => set({ kind })}
        />
      </FormField>
      <FormField label={`第${n}课时名称`}>
        <View className="form-field__row">
          <Input className="form-field__input" value={lesson.title} ariaLabel={`第${n}课时名称`} onInput={(e) => set({ title: e.detail.value })} />
        </View>
      </FormField>
      {lesson.kind === 'text' ? (
        <FormField label={`第${n}课时正文`}>
          <Textarea
            className="staff-learning__csv"
            value={lesson.body}
            maxlength={20_000}
            ariaLabel={`第${n}课时正文`}
            onInput={(e) => set({ body: e.detail.value })}
          />
        </FormField>
      ) : (
        <FormField label={`第${n}课时链接`} help={lesson.kind === 'video' ? 'https 开头的视频地址' : 'https 开头的 PDF 地址'}>
          <View className="form-field__row">
            <Input className="form-field__input" value={lesson.url} ariaLabel={`第${n}课时链接`} onInput={(e) => set({ url: e.detail.value })} />
          </View>
        </FormField>
      )}
      {lesson.kind === 'video' ? (
        <FormField label={`第${n}课时时长（分钟）`}>
          <View className="form-field__row">
            <Input
              className="form-field__input"
              type="number"
              value={lesson.minutes}
              ariaLabel={`第${n}课时时长`}
              onInput={(e) => set({ minutes: e.detail.value })}
            />
          </View>
        </FormField>
      ) : null}
    </View>
  );
}

/** 发布课程: title, audience, and its lessons (text, video link with its length, PDF link). */
export default function CourseForm({ orgId, onCreated }: { orgId: string; onCreated: () => void }) {
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [audience, setAudience] = useState<CourseAudience>('members');
  const [category, setCategory] = useState<WorkerCategory>('rider');
  const [lessons, setLessons] = useState<LessonDraft[]>([emptyLesson()]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function submit() {
    setBusy(true);
    setError('');
    try {
      const course = await createCourse({
        orgId,
        title,
        summary,
        audience,
        ...(audience === 'category' ? { category } : {}),
        lessons: lessons.map((l) => ({
          kind: l.kind,
          title: l.title,
          ...(l.kind === 'text' ? { body: l.body } : { url: l.url.trim() }),
          ...(l.kind === 'video' ? { durationSeconds: Math.round(Number(l.minutes) * 60) } : {}),
        })),
      });
      void Taro.showToast({ title: `已发布：${course.title}`, icon: 'none' });
      setTitle('');
      setSummary('');
      setLessons([emptyLesson()]);
      onCreated();
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="card">
      <FormField label="课程名称">
        <View className="form-field__row">
          <Input className="form-field__input" value={title} placeholder="如 劳动合同小课堂" ariaLabel="课程名称" onInput={(e) => setTitle(e.detail.value)} />
        </View>
      </FormField>
      <FormField label="简介">
        <View className="form-field__row">
          <Input className="form-field__input" value={summary} ariaLabel="简介" onInput={(e) => setSummary(e.detail.value)} />
        </View>
      </FormField>
      <FormField label="面向">
        <Chips
          label="面向"
          options={COURSE_AUDIENCES.map((a) => ({ value: a, label: COURSE_AUDIENCE_LABELS[a] }))}
          selected={audience}
          onSelect={setAudience}
        />
      </FormField>
      {audience === 'category' ? (
        <FormField label="职业">
          <Chips
            label="职业"
            options={WORKER_CATEGORY_CODES.map((c) => ({ value: c, label: WORKER_CATEGORIES[c] }))}
            selected={category}
            onSelect={setCategory}
          />
        </FormField>
      ) : null}
      {lessons.map((l, i) => (
        <LessonFields key={i} n={i + 1} lesson={l} onChange={(next) => setLessons((all) => all.map((x, j) => (j === i ? next : x)))} />
      ))}
      <ActionButton variant="text" onClick={() => setLessons((all) => [...all, emptyLesson()])}>
        ＋ 添加课时
      </ActionButton>
      {error ? (
        <View className="staff-learning__errors" ariaRole="alert">
          {error}
        </View>
      ) : null}
      <ActionButton loading={busy} loadingText="正在发布…" onClick={() => void submit()}>
        发布课程
      </ActionButton>
    </View>
  );
}
