import { View } from '@tarojs/components';
import Screen from '../../components/Screen';
import { ErrorState, LoadingState } from '../../components/StateView';

/** Before the form: the applications (and the draft) are still loading, or failed to. */
export function JoinLoading({ error, onRetry }: { error?: string; onRetry: () => void }) {
  return (
    <Screen className="join">
      <View className="section">
        {error !== undefined ? <ErrorState title="加载失败" message={error} onRetry={onRetry} /> : <LoadingState text="正在打开入会申请…" />}
      </View>
    </Screen>
  );
}
