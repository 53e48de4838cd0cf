import type { WorkerCategory } from '@union/shared';

/**
 * The platforms and employers offered as one-tap suggestions, by the kind of worker most likely to
 * name them first. Free text is always allowed. (The flat EMPLOYER_SUGGESTIONS in the shared contract
 * holds the same names; a test keeps the two equal until the grouping moves there.)
 */
export const EMPLOYERS_BY_CATEGORY: Partial<Record<WorkerCategory, readonly string[]>> = {
  courier: ['顺丰速运', '京东物流', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递', '中国邮政EMS'],
  rider: ['美团', '饿了么', '闪送', 'UU跑腿'],
  ride_hailing: ['滴滴出行', '曹操出行', 'T3出行', '高德打车'],
  truck: ['货拉拉', '满帮', '快狗打车'],
};

const ALL = Object.values(EMPLOYERS_BY_CATEGORY).flat();
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
