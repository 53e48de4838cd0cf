/** Bank card numbers: Luhn (ISO/IEC 7812) check and display masking. */

/** The Luhn check digit for `payload` (the card number without its last digit). */
export function luhnCheckDigit(payload: string): string {
  let sum = 0;
  // Walking from the right, every first digit (the one next to the check digit) is doubled.
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(payload[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** True for 12–19 ASCII digits whose last digit is the Luhn check digit of the rest. */
export function luhnValid(cardNo: string): boolean {
  if (!/^\d{12,19}$/.test(cardNo)) return false;
  return luhnCheckDigit(cardNo.slice(0, -1)) === cardNo.slice(-1);
}

/**
 * For display: the first 4 and last 4 digits, the middle as two fixed groups of asterisks whatever the
 * length ('6229991234567891234' -> '6229 **** **** 1234'), so the mask does not reveal the length.
 * Anything shorter than 9 characters is fully masked.
 */
export function maskCardNo(cardNo: string): string {
  const digits = cardNo.replace(/\s+/g, '');
  if (digits.length < 9) return '*'.repeat(digits.length);
  return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
}
