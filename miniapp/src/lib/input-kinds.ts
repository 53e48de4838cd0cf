import type { InputProps } from '@tarojs/components';

/**
 * The keyboard and autofill each kind of field asks for. WeChat picks the keyboard from `type`
 * (`number`, `idcard`); on H5 Taro renders a real <input> and passes `nativeProps` through to it, so
 * the browser gets `type=tel`, `inputmode` and `autocomplete` (Android offers the SMS code, the
 * phone number and the name from autofill).
 */
type Kind = Pick<InputProps, 'type' | 'maxlength' | 'nativeProps'>;

const H5 = process.env.TARO_ENV === 'h5';

export const PHONE_INPUT: Kind = H5
  ? { maxlength: 11, nativeProps: { type: 'tel', inputmode: 'numeric', autocomplete: 'tel' } }
  : { type: 'number', maxlength: 11 };

export const SMS_CODE_INPUT: Kind = H5
  ? { maxlength: 6, nativeProps: { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]*' } }
  : { type: 'number', maxlength: 6 };

export const NAME_INPUT: Kind = H5 ? { maxlength: 30, nativeProps: { autocomplete: 'name' } } : { maxlength: 30 };

/**
 * The ID number: digits, grouped 6-8-4 as printed on the card (two spaces in the field), and an X key
 * beside it on H5 where the numeric keypad has none. WeChat's `idcard` keyboard has its own X.
 */
export const ID_INPUT: Kind = H5
  ? { maxlength: 20, nativeProps: { inputmode: 'numeric', autocomplete: 'off', autocapitalize: 'characters', spellcheck: false } }
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
