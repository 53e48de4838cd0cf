import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import type { ContestRanking, UnitRanking } from '@union/shared';
import { toApiError } from '../../api/errors';
import { contestRanking, contestUnits } from '../../api/learning-contests';
import { RankRow, UnitLine } from '../../components/RankingRows';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';

type State = { status: 'loading' } | { status: 'error'; message: string } | { status: 'success'; people: ContestRanking; units: UnitRanking };

/** After the close: the member's place, the top of the ranking and the unions by participation. */
export default function ContestRankingView({ contestId }: { contestId: string }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const load = () => {
    setState({ status: 'loading' });
    Promise.all([contestRanking(contestId), contestUnits(contestId)])
      .then(([people, units]) => setState({ status: 'success', people, units }))
      .catch((error: unknown) => setState({ status: 'error', message: toApiError(error).message }));
  };
  useEffect(load, [contestId]);
  if (state.status === 'loading') return <LoadingState text="正在加载排名…" />;
  if (state.status === 'error') return <ErrorState title="排名加载失败" message={state.message} onRetry={load} />;
  const { people, units } = state;
  return (
    <>
      <View className="section">
        <View className="section__title">我的名次</View>
        {people.mine ? (
          <View className="card">
            <RankRow row={people.mine} mine />
          </View>
        ) : (
          <EmptyState title="没有计入排名的成绩" description="竞赛期间没有答题，或答题用时过短未获认可。" />
        )}
      </View>
      <View className="section">
        <View className="section__title">个人排名（共 {people.ranked} 人）</View>
        <View className="card">
          {people.top.map((r, i) => (
            <RankRow key={i} row={r} />
          ))}
        </View>
      </View>
      <View className="section">
        <View className="section__title">单位参与率</View>
        <View className="card">
          {units.items.map((u) => (
            <UnitLine key={u.orgId + String(u.own)} unit={u} />
          ))}
        </View>
      </View>
    </>
  );
}
