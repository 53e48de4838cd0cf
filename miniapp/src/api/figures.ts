import { figuresOverviewSchema, figuresUnionListSchema, type FigureKey, type FigureUnion, type FiguresOverview, type FiguresQuery } from '@union/shared';
import { API_BASE, request } from './http';

/** 数据概览 of the caller's unions, or of one of them (`orgId`), over a range of Beijing days (default: the last 30). */
export function fetchFigures(query: FiguresQuery): Promise<FiguresOverview> {
  return request({ path: '/admin/figures/overview', query: { ...query }, schema: figuresOverviewSchema });
}

/** The caller's unions whose name has `q` in it (the filter's search). */
export async function searchFigureUnions(q: string): Promise<FigureUnion[]> {
  return (await request({ path: '/admin/figures/unions', query: { q }, schema: figuresUnionListSchema })).items;
}

/** One figure as CSV with the same filter (H5 downloads it with the access token). */
export function figureExportUrl(figure: FigureKey, query: FiguresQuery): string {
  const pairs = Object.entries({ ...query, figure })
    .filter(([, v]) => v)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return `${API_BASE}/admin/figures/export?${pairs.join('&')}`;
}
