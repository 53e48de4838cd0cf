import { parse } from 'csv-parse/sync';
import { QUESTION_CSV_COLUMNS, QUESTION_IMPORT_MAX_ROWS, QUESTION_KIND_LABELS, type QuestionImportError, type QuestionKind } from '@union/shared';

/** A question row that passed every check; `answer` holds option positions (0 = A). */
export interface QuestionCsvRow {
  row: number;
  kind: QuestionKind;
  stem: string;
  options: string[];
  answer: number[];
  explanation: string | null;
}

type Column = keyof typeof QUESTION_CSV_COLUMNS;
const OPTION_COLUMNS: Column[] = ['a', 'b', 'c', 'd', 'e', 'f'];
const HEADER_BY_TEXT = new Map<string, Column>(
  (Object.entries(QUESTION_CSV_COLUMNS) as [Column, readonly string[]][]).flatMap(([key, names]) => names.map((n) => [n.toLowerCase(), key] as const)),
);
const KIND_BY_TEXT = new Map<string, QuestionKind>([
  ['single', 'single'],
  ['单选', 'single'],
  ['multiple', 'multiple'],
  ['多选', 'multiple'],
  ['true_false', 'true_false'],
  ['判断', 'true_false'],
  ...(Object.entries(QUESTION_KIND_LABELS) as [QuestionKind, string][]).map(([k, label]) => [label, k] as const),
]);
const TRUE_FALSE_OPTIONS = ['正确', '错误'];
const TRUE_WORDS = new Set(['对', '正确', '√', '✓', 't', 'true', '是']);
const FALSE_WORDS = new Set(['错', '错误', '×', '✗', 'f', 'false', '否']);
const MAX_TEXT = 500;

/** Letters (A, AC, A,C, A、C) to option positions, or undefined when a letter is not one of the options. */
function answerPositions(raw: string, kind: QuestionKind, optionCount: number): number[] | undefined {
  const text = raw.trim().toLowerCase();
  if (kind === 'true_false' && TRUE_WORDS.has(text)) return [0];
  if (kind === 'true_false' && FALSE_WORDS.has(text)) return [1];
  const letters = text.replace(/[\s,，、;；]/g, '');
  if (!/^[a-f]+$/.test(letters)) return undefined;
  const positions = [...new Set([...letters].map((c) => c.charCodeAt(0) - 97))].sort((a, b) => a - b);
  return positions.every((p) => p < optionCount) ? positions : undefined;
}

function checkRow(cells: Partial<Record<Column, string>>, row: number): QuestionCsvRow | QuestionImportError {
  const fail = (message: string) => ({ row, message });
  const kind = KIND_BY_TEXT.get((cells.kind ?? '').trim().toLowerCase());
  if (!kind) return fail('题型应为 单选、多选 或 判断');
  const stem = (cells.stem ?? '').trim();
  if (!stem) return fail('题目不能为空');
  if ([...stem].length > MAX_TEXT) return fail(`题目不能超过${MAX_TEXT}个字`);
  const given = OPTION_COLUMNS.map((c) => (cells[c] ?? '').trim());
  let options = given.slice(0, given.map((o) => o !== '').lastIndexOf(true) + 1);
  if (options.some((o) => o === '')) return fail('选项中间不能有空的选项');
  if (options.some((o) => [...o].length > 200)) return fail('每个选项不能超过200个字');
  if (kind === 'true_false' && options.length === 0) options = TRUE_FALSE_OPTIONS;
  if (kind === 'true_false' && options.length !== 2) return fail('判断题应有两个选项（或不填，默认为 正确、错误）');
  if (kind !== 'true_false' && options.length < 2) return fail('选择题至少要有两个选项');
  const answer = answerPositions(cells.answer ?? '', kind, options.length);
  if (!answer || answer.length === 0) return fail('答案应为选项字母（如 A 或 ACD），判断题也可填 对 / 错');
  if (kind !== 'multiple' && answer.length !== 1) return fail(`${QUESTION_KIND_LABELS[kind]}只能有一个答案`);
  if (kind === 'multiple' && answer.length < 2) return fail('多选题至少要有两个正确答案');
  const explanation = (cells.explanation ?? '').trim();
  if ([...explanation].length > MAX_TEXT) return fail(`解析不能超过${MAX_TEXT}个字`);
  return { row, kind, stem, options, answer, explanation: explanation || null };
}

/**
 * Reads a question sheet: a header row (names in QUESTION_CSV_COLUMNS, in any order), then one question a row.
 * Comma-separated, or tab-separated when the first line has a tab (cells copied from Excel and pasted).
 * All rows are checked; the caller stores nothing when any is wrong.
 */
export function readQuestionCsv(text: string): { rows: QuestionCsvRow[]; errors: QuestionImportError[] } {
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  let records: string[][];
  try {
    records = parse(text, { delimiter: firstLine.includes('\t') ? '\t' : ',', bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], errors: [{ row: line, message: '表格格式有误（引号不成对），请另存为 CSV 后重试' }] };
  }
  const [header, ...body] = records;
  const columns = (header ?? []).map((h) => HEADER_BY_TEXT.get(h.trim().toLowerCase()));
  if (!columns.includes('kind') || !columns.includes('stem') || !columns.includes('answer')) {
    return { rows: [], errors: [{ row: 1, message: '第一行应为表头，至少包括：题型、题目、选项A、选项B、答案' }] };
  }
  if (body.length > QUESTION_IMPORT_MAX_ROWS) return { rows: [], errors: [{ row: 1, message: `一次最多导入${QUESTION_IMPORT_MAX_ROWS}道题` }] };
  const rows: QuestionCsvRow[] = [];
  const errors: QuestionImportError[] = [];
  body.forEach((record, i) => {
    if (record.every((c) => c.trim() === '')) return;
    const cells: Partial<Record<Column, string>> = {};
    columns.forEach((column, j) => {
      if (column) cells[column] = record[j];
    });
    const checked = checkRow(cells, i + 2);
    if ('kind' in checked) rows.push(checked);
    else errors.push(checked);
  });
  return { rows, errors };
}
