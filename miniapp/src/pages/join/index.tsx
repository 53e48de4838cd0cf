import { useEffect, useMemo, useState } from 'react';
import { useDidShow, useRouter } from '@tarojs/taro';
import { isSignedIn } from '../../api/session';
import { usePhoneLogin } from '../../hooks/use-phone-login';
import { currentPageUrl, safeDecode } from '../../lib/navigation';
import { eventCodeFrom, orgFrom } from './join-link';
import SignedInJoin, { loadSignedInJoin } from './lazy-signed-in';
import PhoneStep from './phone-step';
import { useStallEvent } from './use-stall-event';
import './index.scss';

/**
 * 我要入会, where the stall QR codes land: the phone step under the stall's card, then (signed-in.tsx) the form or
 * what stands in its way. What the phone step needs is all here: the rest, with the application contract, comes
 * once someone signs in.
 */
export default function JoinPage() {
  const router = useRouter();
  const urlEventCode = useMemo(() => eventCodeFrom(router.params), [router.params]);
  const resubmitId = safeDecode(router.params.resubmit);
  const pickedOrg = useMemo(() => orgFrom(router.params), [router.params]);
  const [returnTo] = useState(currentPageUrl);

  // The phone step sits on this page, under the stall's card: no bare login page in between.
  const [signedIn, setSignedIn] = useState(isSignedIn);
  const [justSignedIn, setJustSignedIn] = useState(false);
  useDidShow(() => setSignedIn(isSignedIn()));
  const login = usePhoneLogin(() => {
    setJustSignedIn(true);
    setSignedIn(true);
  });
  const event = useStallEvent(signedIn ? undefined : urlEventCode);

  // The code is on its way: fetch the rest of the page while the person reads it.
  useEffect(() => {
    if (login.codeSentTo) loadSignedInJoin();
  }, [login.codeSentTo]);

  if (!signedIn) return <PhoneStep login={login} eventCode={urlEventCode} event={event} pickedOrg={pickedOrg} />;
  return <SignedInJoin returnTo={returnTo} urlEventCode={urlEventCode} pickedOrg={pickedOrg} resubmitId={resubmitId} loadNow={justSignedIn} />;
}
