import { z } from 'zod';
import { EVENT_CODE_PATTERN } from './join-links';
import { checkPlainText } from './validators/text';

// Field schemas that several contracts share, in a module of their own: importing one of them builds these few
// schemas, not a whole contract's (the stall event's contract and the join page's link checks need no application
// schemas; the mini-program's first load builds what it imports).

/** A free-text field: trimmed, between `min` and `max` characters, with its label in the messages. */
export const plainTextSchema = (label: string, min: number, max: number) =>
  z.string({ error: `请填写${label}` }).transform((value, ctx) => {
    const result = checkPlainText(value, label, min, max);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.text;
  });

/** A stall event's code (活动码). */
export const eventCodeSchema = z.string().regex(EVENT_CODE_PATTERN, { error: '活动码格式不正确' });

/** The union an applicant picked. */
export const applicantOrgIdSchema = z.uuid({ error: '工会组织编号不正确' });
