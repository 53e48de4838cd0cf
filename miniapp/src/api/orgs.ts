import { orgListResponseSchema, type Org } from '@union/shared';
import { request } from './http';

export interface OrgListParams {
  q?: string;
  limit?: number;
}

export async function listOrgs(params: OrgListParams = {}): Promise<Org[]> {
  const res = await request({ path: '/orgs', query: { q: params.q, limit: params.limit }, schema: orgListResponseSchema, auth: false });
  return res.items;
}
