const OPENING = /[（(《“‘「【]/;
const CLOSING = /[）)》”’」】，。、；：！？·・]/;

/**
 * A Chinese title wraps between any two characters ("法律咨" / "询"). With a zero-width space between the words the
 * platform's segmenter finds and `word-break: keep-all`, it wraps only between words. Where there is no
 * Intl.Segmenter (older WeChat), the text comes back as it was and must wrap as usual: `split` is then false.
 */
export function betweenWords(text: string): { text: string; split: boolean } {
  const Segmenter = (globalThis.Intl as { Segmenter?: typeof Intl.Segmenter } | undefined)?.Segmenter;
  if (!Segmenter) return { text, split: false };
  try {
    const words = [...new Segmenter('zh', { granularity: 'word' }).segment(text)].map((s) => s.segment);
    // No break after an opening bracket or before closing punctuation: "育婴员（" / "五级）" reads badly.
    const joined = words.reduce(
      (out, word) => (out && !OPENING.test(out.at(-1) ?? '') && !CLOSING.test(word[0] ?? '') ? `${out}\u200b${word}` : out + word),
      '',
    );
    return { text: joined, split: true };
  } catch {
    return { text, split: false };
  }
}
