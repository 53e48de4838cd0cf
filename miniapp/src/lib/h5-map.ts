import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { MapTiles, StationMapPoint } from '@union/shared';
import { gcj02ToWgs84, wgs84ToGcj02, type LatLng } from './geo';
import type { MapBox } from '../api/stations';

export interface TileMapOptions {
  tiles: MapTiles;
  /** Where the member is (GCJ-02, as every stored position). */
  origin: LatLng;
  originLabel: string;
  /** The map moved: load what is in this box (GCJ-02). */
  onMove: (box: MapBox) => void;
  /** Stations were tapped: one pin, or a cluster that cannot be zoomed into further (one building). */
  onPick: (points: StationMapPoint[]) => void;
}

export interface TileMap {
  show(points: StationMapPoint[]): void;
  destroy(): void;
}

const START_ZOOM = 15;
/** Markers closer than this on screen (CSS px, either axis) are drawn as one cluster: the widest marker is 40 px, so none lies under another. */
const MIN_APART_PX = 42;

interface Group {
  at: L.Point;
  members: StationMapPoint[];
  count: number;
}

/** Server points grouped on screen: each joins the first group within MIN_APART_PX of it on both axes. */
function groupOnScreen(points: StationMapPoint[], project: (p: StationMapPoint) => L.Point): Group[] {
  const groups: Group[] = [];
  for (const p of points) {
    const at = project(p);
    const near = groups.find((g) => Math.abs(g.at.x - at.x) < MIN_APART_PX && Math.abs(g.at.y - at.y) < MIN_APART_PX);
    if (near) {
      near.members.push(p);
      near.count += p.count;
    } else groups.push({ at, members: [p], count: p.count });
  }
  return groups;
}

/**
 * The H5 map (Leaflet, loaded only when the map tab opens): the operator's tiles (AMap in GCJ-02, or Tianditu in
 * WGS-84, converted here), the member's position, and what the server answers for the viewport (single stations, or
 * its grid clusters as on the weapp map). Markers that would overlap on screen are drawn as one circle with their
 * count, so no station is hidden under another: a tap on a cluster zooms in on it (at the last zoom, lists its
 * stations), a tap on a pin picks the station.
 */
export function createTileMap(container: HTMLElement, options: TileMapOptions): TileMap {
  const { tiles } = options;
  const toTiles = (p: LatLng): L.LatLngExpression => {
    const q = tiles.coords === 'wgs84' ? gcj02ToWgs84(p) : p;
    return [q.lat, q.lng];
  };
  const fromTiles = (p: L.LatLng): LatLng => (tiles.coords === 'wgs84' ? wgs84ToGcj02({ lat: p.lat, lng: p.lng }) : { lat: p.lat, lng: p.lng });

  const map = L.map(container, { zoomControl: true, attributionControl: Boolean(tiles.attribution) }).setView(toTiles(options.origin), START_ZOOM);
  L.tileLayer(tiles.url, { subdomains: tiles.subdomains.length ? tiles.subdomains : ['a'], maxZoom: tiles.maxZoom, attribution: tiles.attribution }).addTo(map);
  L.marker(toTiles(options.origin), {
    icon: L.divIcon({
      className: 'tmap__me',
      html: `<span class="tmap__me-dot"></span><span class="tmap__me-label">${escapeHtml(options.originLabel)}</span>`,
    }),
    interactive: false,
    keyboard: false,
    // Above the pins: a station at the member's door does not cover where they are.
    zIndexOffset: 1000,
  }).addTo(map);
  const layer = L.layerGroup().addTo(map);

  const report = () => {
    const b = map.getBounds();
    const sw = fromTiles(b.getSouthWest());
    const ne = fromTiles(b.getNorthEast());
    options.onMove({ south: sw.lat, west: sw.lng, north: ne.lat, east: ne.lng });
  };
  map.on('moveend', report);
  // The container got its size from the page's layout after the map was made.
  requestAnimationFrame(() => {
    map.invalidateSize();
    report();
  });

  return {
    show(points) {
      layer.clearLayers();
      for (const g of groupOnScreen(points, (p) => map.latLngToLayerPoint(toTiles(p)))) {
        const cluster = g.count > 1;
        const single = g.members[0]!;
        const label = cluster ? `${g.count} 个驿站，点按${map.getZoom() < tiles.maxZoom ? '放大' : '查看'}` : (single.name ?? '暖心驿站');
        const marker = L.marker(map.layerPointToLatLng(g.at), {
          icon: cluster
            ? L.divIcon({ className: 'tmap__cluster', html: String(g.count), iconSize: [40, 40] })
            : L.divIcon({ className: 'tmap__pin', html: '驿', iconSize: [30, 30] }),
          title: label,
          alt: label,
          keyboard: true,
        });
        marker.on('click', () => {
          if (!cluster) options.onPick([single]);
          else if (map.getZoom() < tiles.maxZoom) map.setView(map.layerPointToLatLng(g.at), Math.min(tiles.maxZoom, map.getZoom() + 2));
          else options.onPick(g.members.filter((m) => m.id));
        });
        marker.addTo(layer);
        marker.getElement()?.setAttribute('aria-label', label);
      }
    },
    destroy() {
      map.remove();
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
