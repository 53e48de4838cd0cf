import { isCorrect } from './learning.draw';

describe('isCorrect', () => {
  it('takes a question as right only when the chosen set is the right set, in any order, repeats ignored', () => {
    expect(isCorrect([1], [1])).toBe(true);
    expect(isCorrect([1, 1], [1])).toBe(true);
    expect(isCorrect([], [1])).toBe(false);
    expect(isCorrect([0], [1])).toBe(false);
    expect(isCorrect([0, 1], [1])).toBe(false);
    expect(isCorrect([2, 0], [0, 2])).toBe(true);
    expect(isCorrect([0, 2, 2], [2, 0])).toBe(true);
    expect(isCorrect([0], [0, 2])).toBe(false);
    expect(isCorrect([0, 1, 2], [0, 2])).toBe(false);
  });
});
