import {
  certificateCheckSchema,
  certificateListSchema,
  certificateSchema,
  type Certificate,
  type CertificateCheck,
  attemptResultSchema,
  attemptReviewSchema,
  attemptSchema,
  bankImportResultSchema,
  bankListSchema,
  courseDetailSchema,
  courseListSchema,
  courseSchema,
  lessonProgressSchema,
  lessonSchema,
  pointsSchema,
  testListSchema,
  testSchema,
  type Attempt,
  type AttemptResult,
  type AttemptReview,
  type Bank,
  type BankImportResult,
  type Course,
  type CourseDetail,
  type CourseInput,
  type Lesson,
  type LessonProgress,
  type Points,
  type Test,
  type TestInput,
} from '@union/shared';
import { request } from './http';

/** Tests of the member's union (and the unions above it), with the member's own attempts. */
export async function listTests(): Promise<Test[]> {
  return (await request({ path: '/learning/tests', schema: testListSchema })).items;
}

/** Starts an attempt, or resumes the open one: questions and options only, never the answers. */
export function startAttempt(testId: string): Promise<Attempt> {
  return request({ method: 'POST', path: `/learning/tests/${testId}/attempts`, schema: attemptSchema });
}

/** 交卷: safe to retry, the server grades an attempt once. */
export function submitAttempt(attemptId: string, answers: number[][]): Promise<AttemptResult> {
  return request({ method: 'POST', path: `/learning/attempts/${attemptId}/submit`, body: { answers }, schema: attemptResultSchema });
}

export function attemptReview(attemptId: string): Promise<AttemptReview> {
  return request({ path: `/learning/attempts/${attemptId}/review`, schema: attemptReviewSchema });
}

export function myPoints(): Promise<Points> {
  return request({ path: '/points/mine', schema: pointsSchema });
}

export async function listBanks(): Promise<Bank[]> {
  return (await request({ path: '/staff/learning/banks', schema: bankListSchema })).items;
}

export function importBank(input: { orgId: string; title: string; csv: string }): Promise<BankImportResult> {
  return request({ method: 'POST', path: '/staff/learning/banks', body: input, schema: bankImportResultSchema });
}

export async function listManagedTests(): Promise<Test[]> {
  return (await request({ path: '/staff/learning/tests', schema: testListSchema })).items;
}

export function createTest(input: TestInput): Promise<Test> {
  return request({ method: 'POST', path: '/staff/learning/tests', body: input, schema: testSchema });
}

export async function listCourses(): Promise<Course[]> {
  return (await request({ path: '/learning/courses', schema: courseListSchema })).items;
}

export function getCourse(id: string): Promise<CourseDetail> {
  return request({ path: `/learning/courses/${id}`, schema: courseDetailSchema });
}

/** Opens a lesson: the server notes when it first served it. */
export function openLesson(id: string): Promise<Lesson> {
  return request({ path: `/learning/lessons/${id}`, schema: lessonSchema });
}

/** Where the video player is; the server decides what counts as watched. */
export function lessonHeartbeat(id: string, position: number): Promise<LessonProgress> {
  return request({ method: 'POST', path: `/learning/lessons/${id}/heartbeat`, body: { position }, schema: lessonProgressSchema });
}

export function completeLesson(id: string): Promise<LessonProgress> {
  return request({ method: 'POST', path: `/learning/lessons/${id}/complete`, schema: lessonProgressSchema });
}

export function createCourse(input: CourseInput): Promise<Course> {
  return request({ method: 'POST', path: '/staff/learning/courses', body: input, schema: courseSchema });
}

/** 我的证书: newest first. */
export async function myCertificates(): Promise<Certificate[]> {
  return (await request({ path: '/learning/certificates', schema: certificateListSchema })).items;
}

export function getCertificate(id: string): Promise<Certificate> {
  return request({ path: `/learning/certificates/${id}`, schema: certificateSchema });
}

/** Anyone, signed in or not, checks a certificate's code: the holder's name comes back masked. */
export function checkCertificate(code: string): Promise<CertificateCheck> {
  return request({ path: `/certificates/${encodeURIComponent(code.trim())}`, schema: certificateCheckSchema, auth: false });
}
