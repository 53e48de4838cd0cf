import { useEffect, useRef, useState } from 'react';
import { useDidHide } from '@tarojs/taro';
import { previewRoute } from '../../api/applications';
import { type JoinDraft, clearDraft, saveDraft } from '../../lib/join-draft';
import { districtName } from './join-form';
import type { StallEventRequest } from './use-stall-event';

/** What the join form keeps up to date around what is typed (use-join-form.ts puts them together). */

/** Kept on every change, so nothing typed is lost to a failed submit or a closed app; `submitted()` ends it. */
export function useDraftKeeping(form: JoinDraft, ready: boolean) {
  const saveTimer = useRef<ReturnType<typeof setTimeout>>();
  // Set once the server has the application: nothing is saved after that.
  const submitted = useRef(false);
  useEffect(() => {
    if (!ready || submitted.current) return undefined;
    saveTimer.current = setTimeout(() => saveDraft(form), 300);
    return () => clearTimeout(saveTimer.current);
  }, [form, ready]);
  useDidHide(() => {
    if (ready && !submitted.current) saveDraft(form);
  });
  return {
    /** The server has it now: the full ID number does not stay in this phone's storage. */
    submitted() {
      submitted.current = true;
      clearTimeout(saveTimer.current);
      clearDraft();
    },
  };
}

/** The stall the form is for (its event, loaded by useStallEvent): its district fills 工作区域 if still empty. */
export function useEventDistrict(event: StallEventRequest, ready: boolean, setForm: (update: (f: JoinDraft) => JoinDraft) => void) {
  // The stall's union usually sits in the district where the worker works: fill it in, clearly marked.
  // Each load of the event passes through 'loading' (null here), so this runs once per loaded event and once the form is ready.
  const region = event.state.status === 'success' ? event.state.data.orgRegionCode : null;
  useEffect(() => {
    if (region === null || !ready) return;
    if (districtName(region)) setForm((f) => (f.workDistrict ? f : { ...f, workDistrict: region, districtGuessed: true }));
  }, [region, ready, setForm]);
}

/** 入会到 for 按工作区域分配: the union that will review, as soon as the district is chosen. */
export function useRoutedTo(form: JoinDraft): string | null {
  const [routedTo, setRoutedTo] = useState<string | null>(null);
  useEffect(() => {
    if (form.union.kind !== 'auto' || !form.workDistrict) {
      setRoutedTo(null);
      return undefined;
    }
    let live = true;
    previewRoute({ district: form.workDistrict, category: form.category || 'other' })
      .then((r) => live && setRoutedTo(r.org?.name ?? null))
      .catch(() => live && setRoutedTo(null));
    return () => {
      live = false;
    };
  }, [form.union.kind, form.workDistrict, form.category]);
  return routedTo;
}
