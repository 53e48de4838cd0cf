import { useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { fetchMemberCode } from '../api/members';
import { ApiError } from '../api/errors';
import { createMemberCodeController, type MemberCodeController, type MemberCodeView } from '../lib/member-code';

const isWeapp = process.env.TARO_ENV === 'weapp';

/** weapp only: hide the page from screenshots and screen recordings where WeChat supports it (Android). */
function protectFromCapture(on: boolean) {
  if (!isWeapp) return;
  try {
    const set = (Taro as unknown as { setVisualEffectOnCapture?: (o: { visualEffect: 'hidden' | 'none' }) => Promise<unknown> }).setVisualEffectOnCapture;
    void set?.({ visualEffect: on ? 'hidden' : 'none' })?.catch?.(() => undefined);
  } catch {
    // Older clients and iOS lack it; the code still expires within a minute.
  }
}

/** The rotating member code on screen: runs while the page is visible, pauses when it is not. */
export function useMemberCode(enabled: boolean) {
  const [view, setView] = useState<MemberCodeView>({ phase: 'loading' });
  const controllerRef = useRef<MemberCodeController | null>(null);

  if (!controllerRef.current) {
    controllerRef.current = createMemberCodeController({
      fetchCode: fetchMemberCode,
      onChange: setView,
      isFinal: (e) => e instanceof ApiError && (e.code === 'members.not_member' || e.status === 401 || e.status === 403),
      messageOf: (e) => (e instanceof ApiError ? e.message : '会员码获取失败，请重试'),
    });
  }
  const controller = controllerRef.current;
  const hooks = useRef<{ show: () => void; hide: () => void } | null>(null);

  useEffect(() => {
    if (!enabled) return undefined;
    const onCapture = () => {
      void Taro.showToast({ title: '会员码截图约1分钟后失效，已为您刷新', icon: 'none', duration: 2500 });
      controller.refreshNow();
    };
    const show = () => {
      controller.start();
      protectFromCapture(true);
      if (isWeapp) Taro.onUserCaptureScreen(onCapture);
    };
    const hide = () => {
      controller.pause();
      protectFromCapture(false);
      if (isWeapp) Taro.offUserCaptureScreen(onCapture);
    };
    show();
    // H5: a hidden browser tab or a locked phone pauses too.
    const onVisibility = () => (document.visibilityState === 'hidden' ? hide() : show());
    if (process.env.TARO_ENV === 'h5') document.addEventListener('visibilitychange', onVisibility);
    hooks.current = { show, hide };
    return () => {
      if (process.env.TARO_ENV === 'h5') document.removeEventListener('visibilitychange', onVisibility);
      hooks.current = null;
      hide();
    };
  }, [enabled, controller]);

  useDidShow(() => hooks.current?.show());
  useDidHide(() => hooks.current?.hide());

  return { view, retry: () => controller.retry() };
}
