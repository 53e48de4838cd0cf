import { maskName } from './codes';

describe('maskName: the one rule for a name shown to staff and clerks', () => {
  it.each([
    ['王建国', '王*国'],
    ['欧阳建锋', '欧**锋'],
    ['欧阳锋', '欧*锋'],
    ['李娜', '李*'],
    ['阿依古丽·买买提', '阿******提'],
    ['  王建国 ', '王*国'],
    ['王', '*'],
    ['', '*'],
    // Characters, not UTF-16 units: a name with a character outside the BMP (𠮷) keeps its length.
    ['𠮷野家', '𠮷*家'],
  ])('%s -> %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never shows more than the first and last characters', () => {
    for (const name of ['王建国', '欧阳建锋', '买买提·艾力', '诸葛孔明']) {
      const chars = [...maskName(name)];
      expect(chars.slice(1, -1).every((c) => c === '*')).toBe(true);
      expect(chars).toHaveLength([...name].length);
    }
  });
});
