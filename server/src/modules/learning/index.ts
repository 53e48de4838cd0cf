export {
  courses,
  lessons,
  lessonProgress,
  learningTests,
  pointsBalances,
  pointsLedger,
  pointsRules,
  questionBanks,
  questions,
  testAttempts,
} from './learning.table';
export { createLearningService, type LearningService } from './learning.service';
export { LEARNING_ROLES } from './learning.common';
export { createPoints, awardPoints, spendPoints, pointsBalanceOf, type PointsService, type PointsSource } from './learning.points';
export { learningRoutes, learningStaffRoutes } from './learning.routes';
export { readQuestionCsv } from './learning.csv';
export { insertBank, insertQuestions, insertTest, rewriteLearningPaths } from './learning.repository';
export { createCourses, type CoursesService } from './learning.courses';
export { insertCourse, insertLessons } from './learning.courses.repository';
export { contests, contestAttempts, contestEntries, contestOrgStats, contestPrizes, contestRankBuckets } from './learning.contests.table';
export { insertContest } from './learning.contests.repository';
export { createContests, type ContestsService } from './learning.contests';
export { contestRoutes, contestStaffRoutes } from './learning.contests.routes';
export { classes } from './learning.classes.table';
export { createClasses, classAttended, type ClassesService } from './learning.classes';
export { classesRoutes } from './learning.classes.routes';
export { createCertificates, issueCertificate, type CertificatesService } from './learning.certificates';
export { certificatesRoutes } from './learning.certificates.routes';
