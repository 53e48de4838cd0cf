import { useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Switch, View } from '@tarojs/components';
import { SMS_CONSENT_TEXT } from '@union/shared';
import { toApiError } from '../../api/errors';
import { messageSettings, setSmsConsent } from '../../api/messages';

/**
 * 短信通知: the member's agreement to be told by SMS where no WeChat notice reaches them (the H5 app). The server
 * records when it was given; until it is, notices stay in 消息 only.
 */
export function SmsConsentRow() {
  const [on, setOn] = useState<boolean | null>(null);
  const [saving, setSaving] = useState(false);
  const lastSwitchChange = useRef(0);

  useDidShow(() => {
    messageSettings()
      .then((s) => setOn(s.smsConsent))
      .catch(() => setOn(null));
  });

  async function save(next: boolean) {
    if (saving || on === null) return;
    setSaving(true);
    setOn(next);
    try {
      setOn((await setSmsConsent(next)).smsConsent);
      void Taro.showToast({ title: next ? '已开启短信通知' : '已关闭短信通知', icon: 'none' });
    } catch (error) {
      setOn(!next);
      void Taro.showToast({ title: toApiError(error).message, icon: 'none' });
    } finally {
      setSaving(false);
    }
  }

  if (on === null) return null;
  return (
    <View
      className="card setting setting--sms"
      ariaRole="switch"
      ariaLabel="短信通知"
      onClick={() => {
        // weapp: a tap on the switch itself also reaches the row; count it once.
        if (Date.now() - lastSwitchChange.current < 400) return;
        void save(!on);
      }}
    >
      <View className="setting__text">
        <View className="setting__title">短信通知</View>
        <View className="setting__desc muted">{SMS_CONSENT_TEXT}</View>
      </View>
      <Switch
        className="setting__switch"
        checked={on}
        disabled={saving}
        color="#c8102e"
        onChange={(e) => {
          lastSwitchChange.current = Date.now();
          void save(e.detail.value);
        }}
      />
    </View>
  );
}
