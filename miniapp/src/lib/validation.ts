import type { z } from 'zod';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** Checks `value` with a shared schema: its output (normalised) or its first message, so forms use the contract's own words. */
export function checkWith<T>(schema: z.ZodType<T>, value: unknown): Checked<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: result.error.issues[0]?.message ?? '填写的内容有误' };
}

/** The shared schema's first message for `value`, or undefined when it passes. */
export function issueOf(schema: z.ZodType, value: unknown): string | undefined {
  const checked = checkWith(schema, value);
  return checked.ok ? undefined : checked.message;
}
