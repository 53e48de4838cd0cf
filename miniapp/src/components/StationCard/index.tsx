import { View } from '@tarojs/components';
import { STATION_FACILITY_LABELS, STATION_HOST_KIND_LABELS, type Station } from '@union/shared';
import { formatDistance } from '../../lib/geo';
import './index.scss';

interface StationCardProps {
  station: Station;
  /** Its number on the map plot, so list and plot can be matched. */
  index?: number;
  /** Facilities the member filtered by: shown first and marked. */
  highlight?: readonly string[];
  selected?: boolean;
  onNavigate: (station: Station) => void;
  onSelect?: (station: Station) => void;
}

/** One rest station: name, distance, open now, hours, facility chips and 导航. */
export default function StationCard({ station, index, highlight = [], selected = false, onNavigate, onSelect }: StationCardProps) {
  const facilities = [...station.facilities].sort((a, b) => Number(highlight.includes(b)) - Number(highlight.includes(a)));
  return (
    <View className={`station card ${selected ? 'station--selected' : ''}`} onClick={() => onSelect?.(station)}>
      <View className="station__head">
        {index !== undefined ? <View className="station__index">{index}</View> : null}
        <View className="station__name">{station.name}</View>
        {station.distance !== null ? <View className="station__distance">{formatDistance(station.distance)}</View> : null}
      </View>
      <View className="station__meta">
        <View className={`tag ${station.openNow ? 'tag--success' : ''}`}>{station.openNow ? '营业中' : '休息中'}</View>
        {station.is24h ? <View className="tag tag--info">24小时</View> : null}
        <View className="station__hours muted">{station.is24h ? '全天开放' : station.hours}</View>
      </View>
      <View className="station__address muted">
        {STATION_HOST_KIND_LABELS[station.hostKind]} · {station.address}
      </View>
      <View className="station__facilities" ariaLabel={`设施：${station.facilities.map((f) => STATION_FACILITY_LABELS[f]).join('、')}`}>
        {facilities.map((f) => (
          <View key={f} className={`facility ${highlight.includes(f) ? 'facility--on' : ''}`}>
            {highlight.includes(f) ? '✓ ' : ''}
            {STATION_FACILITY_LABELS[f]}
          </View>
        ))}
      </View>
      <View className="station__actions">
        <View
          className="station__nav"
          hoverClass="station__nav--pressed"
          ariaRole="button"
          ariaLabel={`导航到${station.name}`}
          onClick={(e) => {
            e.stopPropagation();
            onNavigate(station);
          }}
        >
          导航
        </View>
      </View>
    </View>
  );
}
