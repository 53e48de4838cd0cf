import {
  classLessonListSchema,
  classListSchema,
  classSchema,
  classSettingsSchema,
  type Class,
  type ClassLesson,
  type ClassSettings,
  type ClassSettingsInput,
} from '@union/shared';
import { request } from './http';

/** Classes (夜校, 云课堂) the member may book, with the next session and the live link where there is one. */
export async function listClasses(): Promise<Class[]> {
  return (await request({ path: '/learning/classes', schema: classListSchema })).items;
}

/** A service's class facts (its lesson, its live link); 404 learning.class_not_found when it is not a class. */
export function getClass(serviceId: string): Promise<Class> {
  return request({ path: `/learning/classes/${encodeURIComponent(serviceId)}`, schema: classSchema });
}

export function getClassSettings(serviceId: string): Promise<ClassSettings> {
  return request({ path: `/staff/learning/classes/${encodeURIComponent(serviceId)}`, schema: classSettingsSchema });
}

export function saveClassSettings(serviceId: string, input: ClassSettingsInput): Promise<ClassSettings> {
  return request({ method: 'PUT', path: `/staff/learning/classes/${encodeURIComponent(serviceId)}`, body: input, schema: classSettingsSchema });
}

/** Lessons of the courses in the staffer's unions, for a class to teach. */
export async function listLinkableLessons(): Promise<ClassLesson[]> {
  return (await request({ path: '/staff/learning/lessons', schema: classLessonListSchema })).items;
}
