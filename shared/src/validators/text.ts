/** Characters that never belong in a name or free text: controls, bidi overrides, zero-width marks. */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern exists to find
const FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/;
const EMOJI = /\p{Extended_Pictographic}/u;
const MARKUP = /[<>]/;

/** Dot variants people type for the middle dot in minority and foreign names. */
const DOTS = /[•‧・．·∙]/g;

export function normalizeName(raw: string): string {
  return raw.trim().replace(DOTS, '·');
}

/** Chinese names (with · for minority names), or Latin-letter names for residence-permit holders. */
export function checkName(raw: string): { ok: true; name: string } | { ok: false; message: string } {
  const name = normalizeName(raw);
  if (!name) return { ok: false, message: '请输入姓名' };
  if (FORBIDDEN.test(name) || EMOJI.test(name) || MARKUP.test(name)) return { ok: false, message: '姓名中有不支持的字符' };
  if ([...name].length < 2) return { ok: false, message: '姓名至少2个字' };
  if ([...name].length > 30) return { ok: false, message: '姓名不能超过30个字' };
  const chinese = /^[\u3400-\u4DBF\u4E00-\u9FFF\u{20000}-\u{2EBEF}]+(·[\u3400-\u4DBF\u4E00-\u9FFF\u{20000}-\u{2EBEF}]+)*$/u;
  const latin = /^[A-Za-z]+([ .'·-][A-Za-z]+)*$/;
  if (!chinese.test(name) && !latin.test(name)) return { ok: false, message: '请填写身份证上的姓名（汉字，少数民族姓名可用“·”）' };
  return { ok: true, name };
}

/** Free text such as an employer or a reason: no controls, bidi marks, emoji or markup. */
export function checkPlainText(raw: string, label: string, min: number, max: number): { ok: true; text: string } | { ok: false; message: string } {
  const text = raw.trim().replace(/\s+/g, ' ');
  // Nothing typed yet: ask for it, rather than count characters at someone who has not started.
  if (text.length === 0) return { ok: false, message: `请填写${label}` };
  if ([...text].length < min) return { ok: false, message: min <= 1 ? `请填写${label}` : `${label}至少${min}个字` };
  if ([...text].length > max) return { ok: false, message: `${label}不能超过${max}个字` };
  if (FORBIDDEN.test(text) || EMOJI.test(text) || MARKUP.test(text)) return { ok: false, message: `${label}中有不支持的字符` };
  return { ok: true, text };
}

/**
 * Multi-line free text such as a campaign's description: line breaks kept (at most one blank line in a row), spaces
 * inside a line collapsed, the same characters refused as in plain text. Empty is allowed (the caller clears it).
 */
export function checkMultilineText(raw: string, label: string, max: number): { ok: true; text: string } | { ok: false; message: string } {
  const text = raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if ([...text].length > max) return { ok: false, message: `${label}不能超过${max}个字` };
  if (FORBIDDEN.test(text.replace(/\n/g, ' ')) || EMOJI.test(text) || MARKUP.test(text)) return { ok: false, message: `${label}中有不支持的字符` };
  return { ok: true, text };
}
