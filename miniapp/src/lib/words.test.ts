import { betweenWords } from './words';

const ZW = '\u200b';

describe('betweenWords', () => {
  it('marks the breaks between words, never inside one', () => {
    const { text, split } = betweenWords('劳动争议免费法律咨询');
    expect(split).toBe(true);
    expect(text.replaceAll(ZW, '')).toBe('劳动争议免费法律咨询');
    expect(text).toContain(`${ZW}咨询`);
    expect(text).not.toContain(`咨${ZW}询`);
  });

  it('keeps brackets and closing punctuation with their words', () => {
    const { text } = betweenWords('职工学堂·育婴员（五级）培训班');
    expect(text).not.toContain(`（${ZW}`);
    expect(text).not.toContain(`${ZW}）`);
    expect(text).not.toContain(`${ZW}·`);
  });
});
