import { View } from '@tarojs/components';
import type { RankingRow, UnitRow } from '@union/shared';
import './index.scss';

/** One place of a contest's ranking by person: place, masked name and union, score and time. */
export function RankRow({ row, mine = false }: { row: RankingRow; mine?: boolean }) {
  return (
    <View className={`rank-row ${mine ? 'rank-row--mine' : ''}`}>
      <View className={`rank-row__place ${row.rank <= 3 ? 'rank-row__place--top' : ''}`}>{row.rank}</View>
      <View className="rank-row__who">
        <View>{mine ? `我（${row.name}）` : row.name}</View>
        <View className="muted rank-row__org">{row.orgName}</View>
      </View>
      <View className="rank-row__score">
        <View>{row.score}分</View>
        <View className="muted rank-row__org">{row.seconds}秒</View>
      </View>
    </View>
  );
}

/** One union's line in the ranking by unit: participation (took part / members) and the average best score. */
export function UnitLine({ unit }: { unit: UnitRow }) {
  return (
    <View className="rank-row">
      <View className={`rank-row__place ${unit.rank <= 3 ? 'rank-row__place--top' : ''}`}>{unit.rank}</View>
      <View className="rank-row__who">
        <View>{unit.orgName}</View>
        <View className="muted rank-row__org">
          参与 {unit.participants}/{unit.members} 人{unit.averageScore === null ? '' : ` · 平均 ${unit.averageScore} 分`}
        </View>
      </View>
      <View className="rank-row__score">{unit.ratePermille === null ? '—' : `${(unit.ratePermille / 10).toFixed(1)}%`}</View>
    </View>
  );
}
