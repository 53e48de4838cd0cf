import { PRIVACY_NOTICE_VERSION, WORK_DISTRICTS, applicationInputSchema, type Application, type ApplicationInput } from '@union/shared';
import type { ApiErrorCode } from '../../api/errors';
import { EMPTY_DRAFT, type JoinDraft, type UnionChoice } from '../../lib/join-draft';
import { MEMBERSHIP_TRANSFER_PAGE } from '../../lib/navigation';
import { issueOf } from '../../lib/validation';
import { EVENT_GONE_CODES } from './join-link';

/**
 * The join form's rules, all taken from the shared contract (`applicationInputSchema`): the same
 * normalising, limits and messages as the server, field by field, so an error shows next to its field
 * before anything is sent.
 */

export type FieldName = 'name' | 'idNumber' | 'category' | 'employer' | 'workDistrict';
export const FIELD_ORDER: readonly FieldName[] = ['name', 'idNumber', 'category', 'employer', 'workDistrict'];
export type JoinErrors = Partial<Record<FieldName | 'union' | 'consent' | 'form', string>>;

const { shape } = applicationInputSchema;

export function validateField(field: FieldName, form: JoinDraft): string | undefined {
  return issueOf(shape[field], form[field]);
}

export function validateConsent(form: JoinDraft): string | undefined {
  return issueOf(shape.consentVersion, form.consent ? PRIVACY_NOTICE_VERSION : undefined);
}

/** Every problem at once, for the submit button. */
export function validateForm(form: JoinDraft): JoinErrors {
  const errors: JoinErrors = {};
  for (const field of FIELD_ORDER) errors[field] = validateField(field, form);
  errors.consent = validateConsent(form);
  return errors;
}

export function applicationBody(form: JoinDraft): ApplicationInput {
  const body: ApplicationInput = {
    name: form.name,
    idNumber: form.idNumber,
    employer: form.employer,
    // validateForm passed, so the category is one of the shared ones.
    category: form.category as ApplicationInput['category'],
    workDistrict: form.workDistrict,
    consentVersion: PRIVACY_NOTICE_VERSION,
  };
  if (form.union.kind === 'event') body.eventCode = form.union.eventCode;
  if (form.union.kind === 'org') body.orgId = form.union.orgId;
  return body;
}

/** 申请转会 from the join page: the transfer page, with the union the worker had picked (if one) already chosen. */
export function transferPageFor(union: UnionChoice | undefined): string {
  if (union?.kind !== 'org') return MEMBERSHIP_TRANSFER_PAGE;
  return `${MEMBERSHIP_TRANSFER_PAGE}?orgId=${encodeURIComponent(union.orgId)}&orgName=${encodeURIComponent(union.orgName)}`;
}

export function districtName(code: string): string | undefined {
  return WORK_DISTRICTS.find((d) => d.code === code)?.name;
}

export function initialForm(draft: JoinDraft | null, eventCode: string | undefined, correcting: Application | undefined, pickedOrg?: UnionChoice): JoinDraft {
  let form: JoinDraft = draft ?? { ...EMPTY_DRAFT };
  if (correcting && !draft) {
    // Nothing kept on this phone: start from what was sent. The ID number comes back masked, so it is asked again.
    form = {
      ...form,
      name: correcting.name,
      category: correcting.category,
      employer: correcting.employer,
      workDistrict: correcting.workDistrict,
      union: { kind: 'org', orgId: correcting.orgId, orgName: correcting.orgName },
    };
  }
  if (eventCode) form = { ...form, union: { kind: 'event', eventCode } };
  else if (pickedOrg) form = { ...form, union: pickedOrg };
  return form;
}

/** What the server's 409/400 answers offer besides fixing a field. */
export type Offer = { kind: 'transfer'; message: string; canTransfer: boolean } | { kind: 'duplicate'; message: string } | { kind: 'phone'; message: string };

/** Answers about where the application goes: shown under 入会到. */
const UNION_CODES: readonly ApiErrorCode[] = ['events.not_found', 'events.ended', 'orgs.not_found', 'orgs.not_joinable', 'applications.no_union'];

export type Placement =
  | { to: 'offer'; offer: Offer }
  | { to: 'field'; field: FieldName; message: string }
  | { to: 'union'; message: string; reloadEvent: boolean }
  | { to: 'consent'; message: string }
  | { to: 'form'; message: string };

/** Where a failed submit's message belongs on the form. */
export function placeSubmitError(error: { code: ApiErrorCode; message: string; field?: string; details: Readonly<Record<string, unknown>> }): Placement {
  switch (error.code) {
    case 'members.already_member':
      return { to: 'offer', offer: { kind: 'transfer', message: error.message, canTransfer: error.details.canTransfer === true } };
    case 'applications.duplicate':
      return { to: 'offer', offer: { kind: 'duplicate', message: error.message } };
    case 'applications.phone_required':
      return { to: 'offer', offer: { kind: 'phone', message: error.message } };
    default:
      break;
  }
  const field = error.field?.split('.')[0];
  if (field && (FIELD_ORDER as readonly string[]).includes(field)) return { to: 'field', field: field as FieldName, message: error.message };
  if (field === 'orgId' || field === 'eventCode' || UNION_CODES.includes(error.code)) {
    return { to: 'union', message: error.message, reloadEvent: EVENT_GONE_CODES.includes(error.code) };
  }
  if (field === 'consentVersion') return { to: 'consent', message: error.message };
  return { to: 'form', message: error.message };
}
