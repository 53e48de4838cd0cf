import { z } from 'zod';

/**
 * Classes at a place and time (莱阳's 周三夜校, a 幸福客厅 talk, 嘉善's 善法云课堂): a service of kind `course` (技能培训,
 * booked and checked in like every service), optionally linked to a lesson of a course and to a live broadcast
 * (docs/capabilities/learning.md#classes). Checking a member in pays the `class_attended` points once per session.
 */
export const CLASS_SERVICE_KIND = 'course' as const;

/** A live session's link: https only (opened in the browser on H5, copied on weapp). */
export const liveUrlSchema = z.url({ protocol: /^https$/, error: '请填写 https 开头的直播链接' }).max(500, { error: '链接不能超过500个字符' });

/** What staff set on a class: the lesson it teaches and the live link, each optional (null clears it). */
export const classSettingsInputSchema = z.strictObject({
  lessonId: z.uuid({ error: '课时编号不正确' }).nullable(),
  liveUrl: liveUrlSchema.nullable(),
});
export type ClassSettingsInput = z.infer<typeof classSettingsInputSchema>;

/** A lesson a class can teach, with its course. */
export const classLessonSchema = z.object({
  id: z.string(),
  title: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
});
export type ClassLesson = z.infer<typeof classLessonSchema>;
export const classLessonListSchema = z.object({ items: z.array(classLessonSchema) });

export const classSettingsSchema = z.object({
  serviceId: z.string(),
  lesson: classLessonSchema.nullable(),
  liveUrl: z.string().nullable(),
});
export type ClassSettings = z.infer<typeof classSettingsSchema>;

/** A class as a member sees it in 学习: where, when next, the lesson, the live link when it has one. */
export const classSchema = z.object({
  serviceId: z.string(),
  title: z.string(),
  description: z.string(),
  address: z.string(),
  orgName: z.string(),
  /** The next session that has not ended and is not cancelled. */
  nextSlotAt: z.string().nullable(),
  liveUrl: z.string().nullable(),
  lesson: classLessonSchema.nullable(),
  /** What attending a session pays (the `class_attended` rule), once per session. */
  points: z.number().int(),
});
export type Class = z.infer<typeof classSchema>;
export const classListSchema = z.object({ items: z.array(classSchema) });
