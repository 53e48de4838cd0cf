import { useEffect, useRef, useState } from 'react';
import { View } from '@tarojs/components';
import type { MapTiles, Station, StationFacility, StationMapPoint } from '@union/shared';
import { getStation, stationsOnMap, type MapBox } from '../../api/stations';
import { toApiError } from '../../api/errors';
import StationCard from '../../components/StationCard';
import type { LatLng } from '../../lib/geo';
import type { TileMap } from '../../lib/h5-map';

/** Leaflet and its CSS only when a member opens the map, and never in the weapp build (see lib/scan.ts). */
function loadTileMap(): Promise<typeof import('../../lib/h5-map')> {
  if (process.env.TARO_ENV === 'h5') return import(/* webpackChunkName: "h5-map" */ '../../lib/h5-map');
  return Promise.reject(new Error('no H5 map here'));
}

interface TileMapViewProps {
  tiles: MapTiles;
  origin: LatLng & { label: string };
  facility: StationFacility[];
  openNow: boolean;
  onNavigate: (station: Station) => void;
  /** The map could not be drawn (its script failed to load): the page shows the diagram instead. */
  onFail: () => void;
}

/** The H5 map on the operator's tiles: pins and clusters for the viewport, a tapped station's card under it. */
export default function TileMapView({ tiles, origin, facility, openNow, onNavigate, onFail }: TileMapViewProps) {
  const container = useRef<HTMLElement | null>(null);
  const map = useRef<TileMap | null>(null);
  const [box, setBox] = useState<MapBox | null>(null);
  const [picked, setPicked] = useState<Station[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const onFailRef = useRef(onFail);
  onFailRef.current = onFail;

  useEffect(() => {
    let cancelled = false;
    const el = container.current;
    if (!el) return undefined;
    loadTileMap()
      .then(({ createTileMap }) => {
        if (cancelled) return;
        map.current = createTileMap(el, {
          tiles,
          origin,
          originLabel: origin.label,
          onMove: setBox,
          onPick: (points: StationMapPoint[]) => {
            Promise.all(points.flatMap((p) => (p.id ? [getStation(p.id)] : [])))
              .then(setPicked)
              .catch((error: unknown) => setNote(toApiError(error).message));
          },
        });
      })
      .catch(() => onFailRef.current());
    return () => {
      cancelled = true;
      map.current?.destroy();
      map.current = null;
    };
  }, [tiles, origin]);

  useEffect(() => {
    if (!box) return undefined;
    let stale = false;
    stationsOnMap(box, facility, openNow)
      .then((res) => {
        if (stale) return;
        setNote(null);
        map.current?.show(res.points);
      })
      .catch((error: unknown) => !stale && setNote(`驿站加载失败：${toApiError(error).message}`));
    return () => {
      stale = true;
    };
  }, [box, facility, openNow]);

  return (
    <View>
      <View
        className="stations__tile-map"
        ariaLabel="驿站地图：红点为驿站，数字为该处的驿站数，点按放大"
        ref={(node) => {
          // Taro's H5 View is a DOM element; Leaflet draws into it.
          container.current = node as unknown as HTMLElement | null;
        }}
      />
      {note ? <View className="stations__map-note muted">{note}</View> : null}
      {picked.length ? (
        <View className="stations__picked">
          {picked.map((s) => (
            <StationCard key={s.id} station={s} highlight={facility} selected onNavigate={onNavigate} />
          ))}
        </View>
      ) : null}
    </View>
  );
}
