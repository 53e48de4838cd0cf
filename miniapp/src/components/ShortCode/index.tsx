import { Text, View } from '@tarojs/components';
import './index.scss';

interface ShortCodeProps {
  /** Formatted, e.g. K7QM-3XPA; nothing is shown without one. */
  code: string | null | undefined;
  /** Who types it: 工作人员, 店员, 会员… */
  hint?: string;
}

/** The short code under a QR, for a person to read out or type where the QR cannot be scanned. */
export default function ShortCode({ code, hint = '扫不出时，请对方输入此码' }: ShortCodeProps) {
  if (!code) return null;
  return (
    <View className="short-code" ariaLabel={`二维码下方的码 ${code.split('').join(' ')}`}>
      <Text className="short-code__value" userSelect>
        {code}
      </Text>
      <View className="short-code__hint muted">{hint}</View>
    </View>
  );
}
