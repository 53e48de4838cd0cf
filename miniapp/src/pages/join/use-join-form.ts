import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import type { Application, Org } from '@union/shared';
import { resubmitApplication, submitApplication } from '../../api/applications';
import { type ApiError, toApiError } from '../../api/errors';
import { type JoinDraft, type UnionChoice, loadDraft, saveDraft } from '../../lib/join-draft';
import { APPLICATION_PAGE } from '../../lib/navigation';
import {
  FIELD_ORDER,
  applicationBody,
  districtName,
  initialForm,
  placeSubmitError,
  validateField,
  validateForm,
  type FieldName,
  type JoinErrors,
  type Offer,
} from './join-form';
import { useDraftKeeping, useEventDistrict, useRoutedTo } from './form-hooks';
import { useStallEvent } from './use-stall-event';

interface JoinFormOptions {
  signedIn: boolean;
  /** The account's applications, once loaded: the form is filled (from the draft) only then. */
  applications: Application[] | null;
  urlEventCode?: string;
  /** The rejected application being corrected (`?resubmit=`). */
  correcting?: Application;
  pickedOrg?: UnionChoice;
}

/**
 * The join form's state: what was typed (kept as a draft), each field's message, the server's offer after a
 * refused submit, and the submit itself. The stall's event and the routed union are read as the form changes.
 */
export function useJoinForm({ signedIn, applications, urlEventCode, correcting, pickedOrg }: JoinFormOptions) {
  const [form, setForm] = useState<JoinDraft>(() => initialForm(null, urlEventCode, undefined));
  // The form as last typed, even before the next render: a field left by tapping 提交申请 right after typing
  // is checked against what was typed, not against the render before it (which showed a false 身份证号 error).
  const latestForm = useRef(form);
  latestForm.current = form;
  const [ready, setReady] = useState(false);
  const [errors, setErrors] = useState<JoinErrors>({});
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [offer, setOffer] = useState<Offer | null>(null);
  const [busy, setBusy] = useState(false);
  const routedTo = useRoutedTo(form);

  // The draft belongs to the signed-in account: read it once we know who that is (once: `ready` guards it).
  useEffect(() => {
    if (ready || !signedIn || !applications) return;
    setForm(initialForm(loadDraft(), urlEventCode, correcting, pickedOrg));
    setReady(true);
  }, [signedIn, applications, ready, urlEventCode, correcting, pickedOrg]);

  const draft = useDraftKeeping(form, ready);
  const eventCode = form.union.kind === 'event' ? form.union.eventCode : undefined;
  const event = useStallEvent(eventCode);
  useEventDistrict(event, ready, setForm);

  /** Callers name the fields to re-check: those already left or in error (never nag mid-typing), or picked by a tap. */
  function update(patch: Partial<JoinDraft>, fields: FieldName[] = []) {
    const next = { ...form, ...patch };
    latestForm.current = next;
    setForm(next);
    setOffer(null);
    if (fields.length > 0) {
      setErrors((e) => {
        const copy = { ...e, form: undefined };
        for (const f of fields) copy[f] = validateField(f, next);
        return copy;
      });
    }
  }

  function blur(field: FieldName) {
    setTouched((t) => ({ ...t, [field]: true }));
    setErrors((e) => ({ ...e, [field]: validateField(field, latestForm.current) }));
  }

  const touch = (field: FieldName) => setTouched((t) => ({ ...t, [field]: true }));
  const clearError = (key: keyof JoinErrors) => setErrors((e) => ({ ...e, [key]: undefined }));

  /** A union from the sheet, or null for 按工作区域分配; a guessed (or empty) district follows the union's. */
  function pickUnion(org: Org | null) {
    clearError('union');
    setOffer(null);
    const union: UnionChoice = org ? { kind: 'org', orgId: org.id, orgName: org.name } : { kind: 'auto' };
    const guess = org && districtName(org.regionCode) ? org.regionCode : undefined;
    setForm((f) => ({
      ...f,
      union,
      ...(guess && (!f.workDistrict || f.districtGuessed) ? { workDistrict: guess, districtGuessed: true } : {}),
    }));
  }

  /** A 活动码 the server knows: the application goes to that stall's union. */
  function takeEventCode(code: string) {
    clearError('union');
    setForm((f) => ({ ...f, union: { kind: 'event', eventCode: code } }));
  }

  /** The stall's event is gone: the worker picks a union instead. */
  const leaveEvent = () => setForm((f) => ({ ...f, union: { kind: 'auto' } }));

  function placeServerError(error: ApiError) {
    const placement = placeSubmitError(error);
    switch (placement.to) {
      case 'offer':
        setOffer(placement.offer);
        return;
      case 'field':
        setErrors({ [placement.field]: placement.message });
        scrollTo(`#join-${placement.field}`);
        return;
      case 'union':
        setErrors({ union: placement.message });
        if (placement.reloadEvent) void event.run();
        scrollTo('#join-union');
        return;
      case 'consent':
        setErrors({ consent: placement.message });
        return;
      case 'form':
        setErrors({ form: placement.message });
    }
  }

  async function submit() {
    if (busy) return;
    // What was typed, even if the tap came before the render that follows the last keystroke.
    const form = latestForm.current;
    const next = validateForm(form);
    setTouched({ name: true, idNumber: true, category: true, employer: true, workDistrict: true });
    // One problem at a time, the first one, scrolled to: not six red fields at once.
    const first = FIELD_ORDER.find((f) => next[f]);
    if (first) {
      setErrors({ [first]: next[first] });
      scrollTo(`#join-${first}`);
      return;
    }
    if (next.consent) {
      setErrors({ consent: next.consent });
      scrollTo('#join-consent');
      return;
    }
    setErrors({});

    setBusy(true);
    setOffer(null);
    saveDraft(form);
    try {
      const body = applicationBody(form);
      if (correcting) await resubmitApplication(correcting.id, body);
      else await submitApplication(body);
      draft.submitted();
      await Taro.redirectTo({ url: APPLICATION_PAGE });
    } catch (error) {
      // Everything typed stays on screen (and in storage); only the message changes.
      placeServerError(toApiError(error));
    } finally {
      setBusy(false);
    }
  }

  return {
    form,
    ready,
    errors,
    touched,
    offer,
    busy,
    routedTo,
    eventCode,
    event,
    update,
    blur,
    touch,
    clearError,
    pickUnion,
    takeEventCode,
    leaveEvent,
    submit,
  };
}

export type JoinForm = ReturnType<typeof useJoinForm>;

/**
 * Straight to the field, without an animation: the page under a thumb must not keep moving after the error shows
 * (a tap meant for the next field would land on whatever scrolls under it; seen in the stall browser test on a
 * loaded machine, where a chip tap during the 200 ms scroll opened the 工作区域 sheet instead).
 */
function scrollTo(selector: string) {
  Taro.pageScrollTo({ selector, duration: 0 }).catch(() => undefined);
}
