import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Map, View } from '@tarojs/components';
import { STATION_FACILITY_LABELS, type MapTiles, type Station, type StationFacility, type StationMapPoint } from '@union/shared';
import { listStations, stationMapConfig, stationsOnMap } from '../../api/stations';
import { toApiError } from '../../api/errors';
import Chips from '../../components/Chips';
import Screen from '../../components/Screen';
import StationCard from '../../components/StationCard';
import StationPlot from '../../components/StationPlot';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { BEIJING_CENTRE, BEIJING_DISTRICTS, type LatLng } from '../../lib/geo';
import { locate } from '../../lib/location';
import TileMapView from './tile-map';
import './index.scss';

/** The facilities people ask for most, in the order they ask: hot meals, water, toilet, charging (docs/capabilities/rest-stations.md). */
const FILTERS: StationFacility[] = ['microwave', 'water', 'toilet', 'phone_charging', 'ebike_charging', 'first_aid', 'wifi'];
const OPEN_NOW = 'open_now';
const PAGE = 20;
const IS_WEAPP = process.env.TARO_ENV === 'weapp';
const LOCATE_TIMEOUT_MS = 10_000;

interface Origin extends LatLng {
  label: string;
  /** gps: the phone's position; fallback: a place we chose because it could not say. */
  source: 'gps' | 'fallback';
}

type ListState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'success'; items: Station[]; nextOffset: number | null; loadingMore: boolean };

function navigate(station: Station) {
  if (IS_WEAPP) {
    void Taro.openLocation({ latitude: station.lat, longitude: station.lng, name: station.name, address: station.address, scale: 16 });
    return;
  }
  // H5 has no map of its own: hand over to 高德 (app if installed, web otherwise), or copy the address.
  Taro.showActionSheet({ itemList: ['用高德地图导航', '复制地址'] })
    .then(({ tapIndex }) => {
      if (tapIndex === 0) {
        window.location.href = `https://uri.amap.com/navigation?to=${station.lng},${station.lat},${encodeURIComponent(station.name)}&mode=walk&coordinate=gaode&callnative=1`;
      } else {
        void Taro.setClipboardData({ data: `${station.name}：${station.address}` });
      }
    })
    .catch(() => undefined);
}

export default function StationsPage() {
  const [origin, setOrigin] = useState<Origin | null>(null);
  const [facility, setFacility] = useState<StationFacility[]>([]);
  const [openNow, setOpenNow] = useState(false);
  const [view, setView] = useState<'list' | 'map'>('list');
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  /** H5 only: the operator's tiles; null draws the diagram; undefined while asking. */
  const [tiles, setTiles] = useState<MapTiles | null | undefined>(undefined);
  const runId = useRef(0);

  useEffect(() => {
    if (IS_WEAPP || view !== 'map' || tiles !== undefined) return;
    stationMapConfig()
      .then((config) => setTiles(config.tiles))
      .catch(() => setTiles(null));
  }, [view, tiles]);

  const locateMe = async () => {
    setOrigin(null);
    const here = await locate(LOCATE_TIMEOUT_MS);
    if (here.precise) setOrigin({ lat: here.lat, lng: here.lng, label: '您的位置', source: 'gps' });
    else setOrigin({ lat: BEIJING_CENTRE.lat, lng: BEIJING_CENTRE.lng, label: BEIJING_CENTRE.name, source: 'fallback' });
  };

  useEffect(() => {
    void locateMe();
  }, []);

  // Changes only with the origin and the filters, so the effect below reloads exactly when one of them changes.
  const load = useCallback(
    async (offset: number) => {
      if (!origin) return;
      const id = ++runId.current;
      if (offset === 0) setList({ status: 'loading' });
      else setList((prev) => (prev.status === 'success' ? { ...prev, loadingMore: true } : prev));
      try {
        const page = await listStations({ near: origin, facility, openNow, limit: PAGE, offset });
        if (id !== runId.current) return;
        setList((prev) => ({
          status: 'success',
          items: offset > 0 && prev.status === 'success' ? [...prev.items, ...page.items] : page.items,
          nextOffset: page.nextOffset,
          loadingMore: false,
        }));
      } catch (error) {
        if (id !== runId.current) return;
        if (offset === 0) setList({ status: 'error', message: toApiError(error).message });
        else {
          setList((prev) => (prev.status === 'success' ? { ...prev, loadingMore: false } : prev));
          void Taro.showToast({ title: toApiError(error).message, icon: 'none' });
        }
      }
    },
    [origin, facility, openNow],
  );

  useEffect(() => {
    void load(0);
  }, [load]);

  usePullDownRefresh(() => {
    void load(0).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (view === 'list' && list.status === 'success' && list.nextOffset !== null && !list.loadingMore) void load(list.nextOffset);
  });

  const toggle = (value: string) => {
    if (value === OPEN_NOW) setOpenNow((v) => !v);
    else setFacility((prev) => (prev.includes(value as StationFacility) ? prev.filter((f) => f !== value) : [...prev, value as StationFacility]));
  };
  const filterOptions = [{ value: OPEN_NOW, label: '营业中' }, ...FILTERS.map((f) => ({ value: f, label: STATION_FACILITY_LABELS[f] }))];
  const selectedFilters = [...(openNow ? [OPEN_NOW] : []), ...facility];

  const select = (s: Station) => {
    setSelectedId(s.id);
    if (view === 'map' && !IS_WEAPP) setView('list');
  };

  return (
    <Screen className="stations">
      <View className="stations__where">
        {origin === null ? <View className="stations__locating muted">正在获取您的位置…</View> : null}
        {origin?.source === 'gps' ? (
          <View className="stations__origin">
            <View className="stations__origin-text">按离您的距离排序</View>
            <View className="stations__relocate" hoverClass="stations__relocate--pressed" ariaRole="button" onClick={() => void locateMe()}>
              重新定位
            </View>
          </View>
        ) : null}
        {origin?.source === 'fallback' ? (
          <View className="stations__fallback card" ariaRole="alert">
            <View className="stations__fallback-title">没能获取您的位置</View>
            <View className="stations__fallback-text">
              可能是没有允许定位，或信号不好。现在按「{origin.label}」附近显示，距离从那里算起。请选择您所在的区，或允许定位后点「重新定位」。
            </View>
            <Chips
              label="选择所在的区"
              columns={4}
              options={BEIJING_DISTRICTS.map((d) => ({ value: d.name, label: d.name }))}
              selected={origin.label}
              onSelect={(name) => {
                const d = BEIJING_DISTRICTS.find((x) => x.name === name)!;
                setOrigin({ lat: d.lat, lng: d.lng, label: d.name, source: 'fallback' });
              }}
            />
            <View
              className="stations__relocate stations__relocate--block"
              hoverClass="stations__relocate--pressed"
              ariaRole="button"
              onClick={() => void locateMe()}
            >
              重新定位
            </View>
          </View>
        ) : null}
      </View>

      <View className="stations__filters">
        <Chips label="筛选设施" options={filterOptions} selected={selectedFilters} onSelect={toggle} />
      </View>

      <View className="stations__switch" ariaRole="tablist">
        {(['list', 'map'] as const).map((v) => (
          <View
            key={v}
            className={`stations__tab ${view === v ? 'stations__tab--on' : ''}`}
            ariaRole="tab"
            aria-selected={view === v}
            onClick={() => setView(v)}
          >
            {v === 'list' ? '列表' : '地图'}
          </View>
        ))}
      </View>

      {origin === null || list.status === 'loading' ? <LoadingState text={origin === null ? '正在定位…' : '正在查找附近的驿站…'} /> : null}
      {list.status === 'error' ? <ErrorState title="驿站加载失败" message={list.message} onRetry={() => void load(0)} /> : null}
      {origin && list.status === 'success' && list.items.length === 0 ? (
        <EmptyState title="附近没有符合条件的驿站" description={selectedFilters.length ? '试试去掉几个筛选条件。' : '这附近还没有登记的驿站，换个区看看。'} />
      ) : null}

      {origin && list.status === 'success' && list.items.length > 0 && view === 'map' ? (
        <View className="stations__map">
          {IS_WEAPP ? <WeappStationMap origin={origin} facility={facility} openNow={openNow} /> : null}
          {!IS_WEAPP && tiles === undefined ? <LoadingState text="正在打开地图…" /> : null}
          {!IS_WEAPP && tiles ? (
            <TileMapView tiles={tiles} origin={origin} facility={facility} openNow={openNow} onNavigate={navigate} onFail={() => setTiles(null)} />
          ) : null}
          {!IS_WEAPP && tiles === null ? (
            <StationPlot origin={origin} originLabel={origin.label} stations={list.items} selectedId={selectedId} onSelect={select} />
          ) : null}
        </View>
      ) : null}

      {origin && list.status === 'success' && list.items.length > 0 && view === 'list' ? (
        <View className="stations__list">
          {list.items.map((s, i) => (
            <StationCard
              key={s.id}
              station={s}
              index={i + 1}
              highlight={facility}
              selected={selectedId === s.id}
              onNavigate={navigate}
              onSelect={(x) => setSelectedId(x.id)}
            />
          ))}
          {list.nextOffset !== null ? (
            <View
              className="stations__more"
              hoverClass="stations__more--pressed"
              ariaRole="button"
              onClick={() => !list.loadingMore && void load(list.nextOffset!)}
            >
              {list.loadingMore ? '正在加载…' : '加载更多'}
            </View>
          ) : (
            <View className="stations__end muted">已显示全部 {list.items.length} 个驿站</View>
          )}
        </View>
      ) : null}
    </Screen>
  );
}

/**
 * WeChat's native map, loading only what is in view: each move asks the server for the viewport,
 * which answers single stations or grid clusters (server-side clustering: Taro's initMarkerCluster
 * loses taps on clustered markers, taro #11383). Tapping a cluster zooms in on it.
 */
function WeappStationMap({ origin, facility, openNow }: { origin: Origin; facility: StationFacility[]; openNow: boolean }) {
  const [points, setPoints] = useState<StationMapPoint[]>([]);
  const [centre, setCentre] = useState<LatLng & { scale: number }>({ ...origin, scale: 15 });
  const [picked, setPicked] = useState<StationMapPoint | null>(null);
  const [failed, setFailed] = useState(false);

  // Changes only with the filters, so the effect below asks again exactly when they change.
  const refresh = useCallback(() => {
    const ctx = Taro.createMapContext('stations-map');
    ctx.getRegion({
      success: (region) => {
        stationsOnMap(
          { south: region.southwest.latitude, west: region.southwest.longitude, north: region.northeast.latitude, east: region.northeast.longitude },
          facility,
          openNow,
        )
          .then((res) => {
            setFailed(false);
            setPoints(res.points);
          })
          .catch(() => setFailed(true));
      },
    });
  }, [facility, openNow]);

  useEffect(() => {
    refresh();
  }, [refresh]);

  const markers = points.map((p, i) => ({
    id: i,
    latitude: p.lat,
    longitude: p.lng,
    iconPath: '/assets/map/station.png',
    width: p.count > 1 ? 36 : 28,
    height: p.count > 1 ? 36 : 28,
    ...(p.count > 1
      ? { label: { content: String(p.count), color: '#ffffff', fontSize: 14, anchorX: -8, anchorY: -26, bgColor: '#c8102e', borderRadius: 10, padding: 4 } }
      : {}),
  }));

  return (
    <View>
      <Map
        id="stations-map"
        className="stations__native-map"
        latitude={centre.lat}
        longitude={centre.lng}
        scale={centre.scale}
        showLocation
        markers={markers as never}
        onRegionChange={(e) => {
          if ((e as unknown as { type: string }).type === 'end') refresh();
        }}
        onMarkerTap={(e) => {
          const p = points[Number((e.detail as { markerId: number }).markerId)];
          if (!p) return;
          if (p.count > 1) setCentre({ lat: p.lat, lng: p.lng, scale: Math.min(18, centre.scale + 2) });
          else setPicked(p);
        }}
        onError={() => setFailed(true)}
      />
      {failed ? <View className="stations__map-note muted">地图暂时加载不了，请切换到「列表」查看。</View> : null}
      {picked ? (
        <View className="card stations__picked">
          <View className="stations__picked-name">{picked.name}</View>
          <View
            className="stations__relocate stations__relocate--block"
            ariaRole="button"
            onClick={() => void Taro.openLocation({ latitude: picked.lat, longitude: picked.lng, name: picked.name ?? '暖心驿站', scale: 16 })}
          >
            导航
          </View>
        </View>
      ) : null}
    </View>
  );
}
