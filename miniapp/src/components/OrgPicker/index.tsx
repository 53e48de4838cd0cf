import type { ReactNode } from 'react';
import { Input, View } from '@tarojs/components';
import { ORG_KIND_LABELS, type Org } from '@union/shared';
import type { RequestState } from '../../hooks/use-request';
import { EmptyState, ErrorState, LoadingState } from '../StateView';
import './index.scss';

/** A union as the picker needs it: the joinable unions (GET /orgs) or the staffer's own (GET /staff/orgs). */
export type PickableOrg = Pick<Org, 'id' | 'name' | 'kind'> & Partial<Pick<Org, 'acceptsUnaffiliated' | 'address'>>;

interface OrgRowProps {
  /** Without a kind (a union named in a link), the row shows the name only. */
  org: Omit<PickableOrg, 'id' | 'kind'> & Partial<Pick<PickableOrg, 'kind'>>;
  selected?: boolean;
  onClick?: () => void;
  /** Replaces the whole row's tap, e.g. a 更换 link next to a picked union. */
  action?: ReactNode;
}

/** One union as a choice: name, kind, whether it takes workers without a union, address. */
export function OrgRow({ org, selected = false, onClick, action }: OrgRowProps) {
  return (
    <View
      className={`org-option ${selected ? 'org-option--on' : ''}`}
      hoverClass={onClick ? 'org-option--pressed' : 'none'}
      ariaRole={onClick ? 'button' : undefined}
      onClick={onClick}
    >
      <View className="org-option__main">
        <View className="org-option__name">{org.name}</View>
        <View className="org-option__tags">
          {org.kind ? <View className="tag tag--info">{ORG_KIND_LABELS[org.kind]}</View> : null}
          {org.acceptsUnaffiliated ? <View className="tag tag--success">接收无工会单位职工</View> : null}
        </View>
        {org.address ? <View className="org-option__desc muted">{org.address}</View> : null}
      </View>
      {action}
    </View>
  );
}

interface OrgPickerProps<T extends PickableOrg> {
  query: string;
  onQuery: (query: string) => void;
  placeholder: string;
  /** The unions matching the query; the page (or its hook) fetches them. */
  state: RequestState<T[]>;
  onRetry: () => void;
  onPick: (org: T) => void;
  selectedId?: string;
  /** Not offered, e.g. the union an application is at now. */
  excludeId?: string;
  /** What to try when nothing matches. */
  emptyHint: string;
  /** Shown above the results, e.g. 不确定，按工作区域分配. */
  leading?: ReactNode;
  /** Why nothing picked is not enough; outlines the search box. */
  error?: string;
}

/** Search unions and pick one: the join form's union sheet, 转交, and who may claim a benefit campaign. */
export default function OrgPicker<T extends PickableOrg>(props: OrgPickerProps<T>) {
  const { query, onQuery, placeholder, state, onRetry, onPick, selectedId, excludeId, emptyHint, leading, error } = props;
  const orgs = state.status === 'success' ? state.data.filter((o) => o.id !== excludeId) : [];
  return (
    <View className="org-picker">
      <View className={`org-picker__search ${error ? 'org-picker__search--error' : ''}`}>
        <Input
          className="org-picker__input"
          placeholder={placeholder}
          placeholderClass="org-picker__placeholder"
          value={query}
          confirmType="search"
          ariaLabel="搜索工会"
          onInput={(e) => onQuery(e.detail.value)}
        />
      </View>
      {error ? (
        <View className="org-picker__error" ariaRole="alert">
          {error}
        </View>
      ) : null}
      <View className="org-picker__list">
        {leading}
        {state.status === 'idle' || state.status === 'loading' ? <LoadingState text="正在加载工会…" /> : null}
        {state.status === 'error' ? <ErrorState title="工会列表加载失败" message={state.error.message} onRetry={onRetry} /> : null}
        {state.status === 'success' && orgs.length === 0 ? <EmptyState title="没有找到这个工会" description={emptyHint} /> : null}
        {orgs.map((org) => (
          <OrgRow key={org.id} org={org} selected={selectedId === org.id} onClick={() => onPick(org)} />
        ))}
      </View>
    </View>
  );
}
