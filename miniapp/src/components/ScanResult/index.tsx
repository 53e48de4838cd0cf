import { View } from '@tarojs/components';
import './index.scss';

export interface ScanResultRow {
  label: string;
  value: string;
}

interface ScanResultProps {
  /** Green 有效会员, or red with the reason. */
  ok: boolean;
  title: string;
  /** The masked name, the union… or the reason a code was refused. */
  rows?: ScanResultRow[];
  message?: string;
}

/** The answer to a scan, big enough to read at arm's length; the words say it, not only the colour. */
export default function ScanResult({ ok, title, rows = [], message }: ScanResultProps) {
  return (
    <View className={`scan-result card ${ok ? 'scan-result--ok' : 'scan-result--bad'}`} ariaRole="status">
      <View className="scan-result__head">
        <View className="scan-result__mark">{ok ? '✓' : '✕'}</View>
        <View className="scan-result__title">{title}</View>
      </View>
      {message ? <View className="scan-result__message">{message}</View> : null}
      {rows.map((row) => (
        <View key={row.label} className="scan-result__row">
          <View className="scan-result__key">{row.label}</View>
          <View className="scan-result__value">{row.value}</View>
        </View>
      ))}
    </View>
  );
}
