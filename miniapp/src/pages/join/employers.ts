import { EMPLOYERS_BY_CATEGORY, EMPLOYER_SUGGESTIONS, type WorkerCategory } from '@union/shared';

/** The grouping lives in the shared contract, next to the flat list; re-exported for the form's tests. */
export { EMPLOYERS_BY_CATEGORY };

const ALL = [...EMPLOYER_SUGGESTIONS];
/** Before a category is picked: the two biggest names of each kind. */
const MIXED = Object.values(EMPLOYERS_BY_CATEGORY).flatMap((names) => names.slice(0, 2));

/**
 * What to offer under the employer field: the category's names (all of them once asked for), or,
 * while the worker types, every name that contains or is contained in what they typed.
 */
export function employerSuggestions(category: WorkerCategory | '', typed: string, all: boolean): { names: string[]; more: boolean } {
  const preferred = (category && EMPLOYERS_BY_CATEGORY[category]) || MIXED;
  const everything = [...preferred, ...ALL.filter((s) => !preferred.includes(s))];
  const t = typed.trim();
  let names = all ? everything : [...preferred];
  if (t && !names.includes(t)) names = everything.filter((s) => s.includes(t) || t.includes(s));
  return { names, more: !all && names.length < ALL.length };
}
