import type { BankImportResult, TestInput } from '@union/shared';
import { covers } from '../../lib/scope';
import { readQuestionCsv } from './learning.csv';
import { learningErrors } from './learning.errors';
import * as repo from './learning.repository';
import { CLOSED_VISIBLE_MS, LEARNING_ROLES, testDto, testPoints, type LearningServiceDeps } from './learning.common';

/** Staff use cases: import a question bank, set a test from it, list both in the staffer's scope. Writes are audited. */
export function createLearningStaff(deps: LearningServiceDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async importBank(accountId: string, input: { orgId: string; title: string; csv: string }): Promise<BankImportResult> {
      const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
      const org = await deps.findOrg(db, input.orgId);
      if (!org || !covers(scope, org.path)) throw learningErrors.orgNotFound();
      const { rows, errors } = readQuestionCsv(input.csv);
      if (errors.length > 0) return { bank: null, imported: 0, errors: errors.slice(0, 100) };
      if (rows.length === 0) throw learningErrors.importEmpty();
      const bankId = await db.transaction(async (tx) => {
        const bank = await repo.insertBank(tx, { orgId: org.id, title: input.title, createdBy: accountId });
        await repo.insertQuestions(
          tx,
          rows.map((r, i) => ({ bankId: bank.id, position: i, kind: r.kind, stem: r.stem, options: r.options, answer: r.answer, explanation: r.explanation })),
        );
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'learning.bank_import',
          targetType: 'question_bank',
          targetId: bank.id,
          orgId: org.id,
          detail: { questions: rows.length },
        });
        return bank.id;
      });
      const bank = (await repo.findBank(db, bankId))!;
      return { bank: { ...bank, createdAt: bank.createdAt.toISOString() }, imported: rows.length, errors: [] };
    },

    async listBanks(accountId: string) {
      const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
      return (await repo.listBanksInScope(db, scope)).map((b) => ({ ...b, createdAt: b.createdAt.toISOString() }));
    },

    async createTest(accountId: string, input: TestInput & { passPercent: number; maxAttempts: number; reviewOpens: 'graded' | 'closed' }) {
      const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
      const org = await deps.findOrg(db, input.orgId);
      if (!org || !covers(scope, org.path)) throw learningErrors.orgNotFound();
      const bank = await repo.findBank(db, input.bankId);
      if (!bank || !covers(scope, bank.orgPath)) throw learningErrors.bankNotFound();
      if (bank.questions < input.questionCount) throw learningErrors.bankTooSmall();
      const id = await db.transaction(async (tx) => {
        const row = await repo.insertTest(tx, {
          orgId: org.id,
          orgPath: org.path,
          bankId: bank.id,
          title: input.title,
          questionCount: input.questionCount,
          timeLimitSeconds: input.timeLimitMinutes * 60,
          passPercent: input.passPercent,
          maxAttempts: input.maxAttempts,
          reviewOpens: input.reviewOpens,
          opensAt: new Date(input.opensAt),
          closesAt: new Date(input.closesAt),
          createdBy: accountId,
        });
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'learning.test_create',
          targetType: 'learning_test',
          targetId: row.id,
          orgId: org.id,
        });
        return row.id;
      });
      return testDto((await repo.findTest(db, id))!, await testPoints(db));
    },

    async listManagedTests(accountId: string) {
      const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
      const points = await testPoints(db);
      return (await repo.listTestsInScope(db, scope, new Date(now().getTime() - CLOSED_VISIBLE_MS))).map((t) => testDto(t, points));
    },
  };
}
