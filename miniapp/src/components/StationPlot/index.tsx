import { View } from '@tarojs/components';
import type { Station } from '@union/shared';
import { formatDistance, type LatLng } from '../../lib/geo';
import './index.scss';

interface StationPlotProps {
  origin: LatLng;
  /** Where the origin came from, said under the plot ("您的位置" or a district centre). */
  originLabel: string;
  stations: Station[];
  selectedId?: string | null;
  onSelect: (station: Station) => void;
}

/**
 * A map without map tiles: the stations around you, to scale, north up, numbered as in the list.
 * Needs no tile server or map key, so it works on H5 anywhere (and offline after loading).
 */
export default function StationPlot({ origin, originLabel, stations, selectedId, onSelect }: StationPlotProps) {
  const cos = Math.cos((origin.lat * Math.PI) / 180);
  const points = stations.map((s, i) => ({ s, i, x: (s.lng - origin.lng) * cos * 111_320, y: (s.lat - origin.lat) * 110_540 }));
  const reach = Math.max(200, ...points.map((p) => Math.hypot(p.x, p.y)));
  // The outer ring is 45% of the square: every station fits, north is up.
  const pos = (x: number, y: number) => ({ left: `${50 + (x / reach) * 45}%`, top: `${50 - (y / reach) * 45}%` });
  return (
    <View className="plot" ariaLabel={`附近驿站示意图，最远 ${formatDistance(reach)}`}>
      <View className="plot__area">
        <View className="plot__ring" />
        <View className="plot__ring plot__ring--half" />
        <View className="plot__north">北</View>
        <View className="plot__me" style={pos(0, 0)}>
          <View className="plot__me-dot" />
          <View className="plot__me-label">{originLabel}</View>
        </View>
        {points.map(({ s, i, x, y }) => (
          <View
            key={s.id}
            className={`plot__dot ${s.openNow ? '' : 'plot__dot--closed'} ${selectedId === s.id ? 'plot__dot--on' : ''}`}
            style={pos(x, y)}
            ariaRole="button"
            ariaLabel={`${i + 1}号 ${s.name}，${formatDistance(s.distance)}`}
            onClick={() => onSelect(s)}
          >
            {i + 1}
          </View>
        ))}
      </View>
      <View className="plot__legend muted">外圈约 {formatDistance(reach)} · 灰色为休息中 · 点编号看详情</View>
    </View>
  );
}
