import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Screen from '../../components/Screen';
import ScanPanel from '../../components/ScanPanel';
import ScanResult from '../../components/ScanResult';
import { typedCodeResolver } from '../../hooks/typed-code';
import { actionForScanned } from '../../lib/scanned';
import './index.scss';

const PLACE_CODE = typedCodeResolver('place');

/** 扫一扫 on H5: the code of a station, event or merchant, by camera or typed; weapp uses the system scanner. */
export default function ScanPage() {
  const [message, setMessage] = useState<string | null>(null);

  const onCode = (text: string) => {
    const action = actionForScanned(text);
    if (action.kind === 'open') {
      setMessage(null);
      void Taro.navigateTo({ url: action.url });
    } else {
      setMessage(action.message);
    }
  };

  return (
    <Screen className="scan-page">
      <View className="section">
        <View className="scan-page__intro muted">扫描暖心驿站、活动或普惠商户的二维码，领取福利或签到。</View>
      </View>
      <View className="section">
        <ScanPanel
          scanLabel="打开摄像头扫码"
          codeLabel="二维码下方的码"
          submitLabel="确定"
          busyText="正在识别…"
          resolveTyped={PLACE_CODE}
          busy={false}
          onCode={onCode}
        />
      </View>
      {message ? (
        <View className="section">
          <ScanResult ok={false} title="无法使用这个码" message={message} />
        </View>
      ) : null}
    </Screen>
  );
}
