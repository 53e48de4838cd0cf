import type { QuestionKind } from '@union/shared';

/** mulberry32: a small seeded generator, so an attempt's draw can be replayed from its seed (disputes, audits). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface DrawableQuestion {
  id: string;
  kind: QuestionKind;
  optionCount: number;
}

/**
 * The questions of one attempt and the order of each one's options, from the bank (in its stored order) and the
 * attempt's seed. True/false keeps 正确 before 错误; choice questions are shuffled.
 */
export function drawAttempt(bank: DrawableQuestion[], count: number, seed: number): { questionIds: string[]; optionOrders: number[][] } {
  const random = seededRandom(seed);
  const drawn = shuffle(bank, random).slice(0, count);
  return {
    questionIds: drawn.map((q) => q.id),
    optionOrders: drawn.map((q) => {
      const positions = Array.from({ length: q.optionCount }, (_, i) => i);
      return q.kind === 'true_false' ? positions : shuffle(positions, random);
    }),
  };
}

/** All-or-nothing per question: the chosen set equals the correct set. */
export function isCorrect(chosen: number[], answer: number[]): boolean {
  // Most questions have one right option: no sets or sorting for them.
  if (answer.length === 1) return chosen.length > 0 && chosen.every((p) => p === answer[0]);
  const a = [...new Set(chosen)].sort((x, y) => x - y);
  const b = [...answer].sort((x, y) => x - y);
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
