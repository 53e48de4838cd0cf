import type { InputProps } from '@tarojs/components';

/**
 * The keyboard and autofill each kind of field asks for. WeChat picks the keyboard from `type`
 * (`number`, `idcard`). H5 uses Taro's HTML components (`h5.useHtmlComponents`): `Input` is a plain
 * <input> that passes every prop it does not know straight to the element (there is no
 * `nativeProps` there), so the browser gets `type=tel`, `inputmode` and `autocomplete` (Android
 * offers the SMS code, the phone number and the name from autofill).
 */
type Kind = Pick<InputProps, 'type' | 'maxlength'>;

const H5 = process.env.TARO_ENV === 'h5';

/** Attributes for the H5 <input> itself, typed as Input props (the HTML Input spreads them onto the element). */
export function webInputAttrs(attrs: {
  type?: string;
  inputmode?: string;
  autocomplete?: string;
  pattern?: string;
  autocapitalize?: string;
  spellcheck?: boolean;
}): Partial<InputProps> {
  if (!H5) return {};
  const { type, ...rest } = attrs;
  return { ...(type ? { type: type as InputProps['type'] } : {}), ...(rest as Partial<InputProps>) };
}

export const PHONE_INPUT: Kind = H5
  ? { maxlength: 11, ...webInputAttrs({ type: 'tel', inputmode: 'numeric', autocomplete: 'tel' }) }
  : { type: 'number', maxlength: 11 };

export const SMS_CODE_INPUT: Kind = H5
  ? { maxlength: 6, ...webInputAttrs({ type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]*' }) }
  : { type: 'number', maxlength: 6 };

export const NAME_INPUT: Kind = H5 ? { maxlength: 30, ...webInputAttrs({ autocomplete: 'name' }) } : { maxlength: 30 };

/**
 * The ID number: digits, grouped 6-8-4 as printed on the card (two spaces in the field), and an X key
 * beside it on H5 where the numeric keypad has none. WeChat's `idcard` keyboard has its own X.
 */
export const ID_INPUT: Kind = H5
  ? { maxlength: 20, ...webInputAttrs({ inputmode: 'numeric', autocomplete: 'off', autocapitalize: 'characters', spellcheck: false }) }
  : { type: 'idcard', maxlength: 20 };

/** Whether this platform needs the X key beside the ID number (WeChat's idcard keyboard has one). */
export const NEEDS_X_KEY = H5;

/** `110102199003020021` -> `110102 19900302 0021`, as far as typed. */
export function groupIdNumber(id: string): string {
  return [id.slice(0, 6), id.slice(6, 14), id.slice(14)].filter(Boolean).join(' ');
}

/** What was typed, without the grouping spaces (or any other space). */
export function ungroupIdNumber(value: string): string {
  return value.replace(/\s+/g, '');
}

/** A small whole number (a slot's capacity, minutes): the digit keypad on both platforms. */
export const COUNT_INPUT: Kind = H5
  ? { maxlength: 5, ...webInputAttrs({ type: 'text', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off' }) }
  : { type: 'number', maxlength: 5 };

/** A decimal (a latitude): the keypad with a point, on both platforms. */
export const DECIMAL_INPUT: Kind = H5
  ? { maxlength: 12, ...webInputAttrs({ type: 'text', inputmode: 'decimal', autocomplete: 'off' }) }
  : { type: 'digit', maxlength: 12 };
