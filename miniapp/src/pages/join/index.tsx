import { useEffect, useMemo, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { myApplications } from '../../api/applications';
import { fetchMe } from '../../api/auth';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { usePhoneLogin } from '../../hooks/use-phone-login';
import { useRequest } from '../../hooks/use-request';
import { currentPageUrl, safeDecode } from '../../lib/navigation';
import { eventCodeFrom, orgFrom } from './join-form';
import JoinFormScreen, { loadFormScreen } from './lazy-form-screen';
import { JoinLoading, MemberNotice, PendingNotice } from './notices';
import PhoneStep from './phone-step';
import { useJoinForm } from './use-join-form';
import './index.scss';

/**
 * 我要入会, where the stall QR codes land: the phone step, then the form (or what stands in its way: a pending
 * application, an existing membership). The form's state is use-join-form.ts; each screen and section its own file.
 */
export default function JoinPage() {
  const router = useRouter();
  const urlEventCode = useMemo(() => eventCodeFrom(router.params), [router.params]);
  const resubmitId = safeDecode(router.params.resubmit);
  const pickedOrg = useMemo(() => orgFrom(router.params), [router.params]);
  const [returnTo] = useState(currentPageUrl);

  // The phone step sits on this page, under the stall's card: no bare login page in between.
  const mine = useAuthedRequest(myApplications, returnTo, { promptLogin: false });
  const login = usePhoneLogin(() => mine.signedInHere());
  const me = useRequest(() => fetchMe({ quiet: true }));
  const { run: loadMe } = me;

  const applications = mine.state.status === 'success' ? mine.state.data : null;
  const correcting = resubmitId ? applications?.find((a) => a.id === resubmitId && a.status === 'rejected') : undefined;
  const pending = !resubmitId ? applications?.find((a) => a.status === 'pending') : undefined;

  const join = useJoinForm({ signedIn: mine.signedIn, applications, urlEventCode, correcting, pickedOrg });

  // Whether this account is already a member: asked once someone is signed in; the form's code comes meanwhile.
  useEffect(() => {
    if (!mine.signedIn) return;
    void loadMe();
    loadFormScreen();
  }, [mine.signedIn, loadMe]);

  if (!mine.signedIn) return <PhoneStep login={login} eventCode={join.eventCode} event={join.event} pickedOrg={pickedOrg} />;
  if (!join.ready) {
    return <JoinLoading error={mine.state.status === 'error' ? mine.state.error.message : undefined} onRetry={() => void mine.run()} />;
  }

  const membership = me.state.status === 'success' ? me.state.data.membership : null;
  // A member moves by 转会 (its own page), never by a second application.
  if (membership && membership.status !== 'left' && !correcting) return <MemberNotice orgName={membership.orgName} picked={pickedOrg} />;
  if (pending) return <PendingNotice pending={pending} />;
  return <JoinFormScreen join={join} correcting={correcting} returnTo={returnTo} />;
}
