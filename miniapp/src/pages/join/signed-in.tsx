import { useEffect, useRef } from 'react';
import { myApplications } from '../../api/applications';
import { fetchMe } from '../../api/auth';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { useRequest } from '../../hooks/use-request';
import type { UnionChoice } from '../../lib/join-draft';
import JoinFormScreen from './form-screen';
import { JoinLoading } from './join-loading';
import { MemberNotice, PendingNotice } from './notices';
import { useJoinForm } from './use-join-form';

export interface SignedInJoinProps {
  returnTo: string;
  urlEventCode?: string;
  pickedOrg?: UnionChoice;
  /** `?resubmit=`: the rejected application being corrected. */
  resubmitId?: string;
  /**
   * Load at once: no page show will come to do it (useAuthedRequest loads on each show). The person signed in on this
   * page a moment ago, or (H5) this part of the page arrived after the page showed.
   */
  loadNow: boolean;
}

/**
 * The join page once someone is signed in: the form (or what stands in its way: a pending application, an existing
 * membership). The form's state is use-join-form.ts; each screen and section its own file. On H5 this is a chunk of
 * its own (lazy-signed-in.h5.tsx): a stall link's signed-out first load is the phone step only.
 */
export default function SignedInJoin({ returnTo, urlEventCode, pickedOrg, resubmitId, loadNow }: SignedInJoinProps) {
  const mine = useAuthedRequest(myApplications, returnTo, { promptLogin: false });
  const me = useRequest(() => fetchMe({ quiet: true }));
  const { run: loadMe } = me;
  const { signedInHere } = mine;
  const loadedNow = useRef(false);
  useEffect(() => {
    if (!loadNow || loadedNow.current) return;
    loadedNow.current = true;
    signedInHere();
  }, [loadNow, signedInHere]);

  const applications = mine.state.status === 'success' ? mine.state.data : null;
  const correcting = resubmitId ? applications?.find((a) => a.id === resubmitId && a.status === 'rejected') : undefined;
  const pending = !resubmitId ? applications?.find((a) => a.status === 'pending') : undefined;

  const join = useJoinForm({ signedIn: mine.signedIn, applications, urlEventCode, correcting, pickedOrg });

  // Whether this account is already a member: asked once someone is signed in.
  useEffect(() => {
    if (mine.signedIn) void loadMe();
  }, [mine.signedIn, loadMe]);

  if (!join.ready) {
    return <JoinLoading error={mine.state.status === 'error' ? mine.state.error.message : undefined} onRetry={() => void mine.run()} />;
  }

  const membership = me.state.status === 'success' ? me.state.data.membership : null;
  // A member moves by 转会 (its own page), never by a second application.
  if (membership && membership.status !== 'left' && !correcting) return <MemberNotice orgName={membership.orgName} picked={pickedOrg} />;
  if (pending) return <PendingNotice pending={pending} />;
  return <JoinFormScreen join={join} correcting={correcting} returnTo={returnTo} />;
}
