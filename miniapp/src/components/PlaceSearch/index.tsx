import { Input, View } from '@tarojs/components';
import { PLACE_QUERY_MAX, type PlaceOption } from '@union/shared';
import type { PlaceSearchState } from '../../hooks/use-place-search';
import ActionButton from '../ActionButton';
import { EmptyState, ErrorState, LoadingState } from '../StateView';
import './index.scss';

interface PlaceSearchProps {
  /** The page's usePlaceSearch: the query, the results and how to retry or load more. */
  search: PlaceSearchState;
  /** What the places are called in the hints, e.g. 驿站 (没有找到驿站). */
  noun: string;
  /** Several may be picked (check boxes) or one (radio rows). */
  multiple?: boolean;
  isPicked: (place: PlaceOption) => boolean;
  onPick: (place: PlaceOption) => void;
  /** Under 没有找到…: what to try instead. */
  emptyHint: string;
  /** The union's name under each place, where the places can belong to several unions (a campaign's places). */
  showOrg?: boolean;
}

/**
 * A search box over the places of one kind in the staffer's unions, the results a page at a time (name and address) and
 * 加载更多: a campaign's 领取地点 (several, any kind) and a service's 驿站 (one, in a sheet).
 */
export default function PlaceSearch({ search, noun, multiple = false, isPicked, onPick, emptyHint, showOrg = false }: PlaceSearchProps) {
  const { query, setQuery, results, retry, loadMore } = search;
  return (
    <View className="place-search">
      <View className="form-field__row place-search__box">
        <Input
          className="form-field__input"
          type="text"
          value={query}
          maxlength={PLACE_QUERY_MAX}
          confirmType="search"
          placeholder={`搜索${noun}名称或地址`}
          placeholderClass="form-field__placeholder"
          ariaLabel={`搜索${noun}`}
          onInput={(e) => setQuery(e.detail.value)}
          onConfirm={retry}
        />
      </View>
      <View className="place-search__list">
        {results.status === 'loading' ? <LoadingState text={`正在搜索${noun}…`} /> : null}
        {results.status === 'error' ? <ErrorState title={`${noun}加载失败`} message={results.error.message} onRetry={retry} /> : null}
        {results.status === 'success' && results.items.length === 0 ? <EmptyState title={`没有找到${noun}`} description={emptyHint} /> : null}
        {results.status === 'success'
          ? results.items.map((p) => {
              const on = isPicked(p);
              const sub = [p.address, showOrg ? p.orgName : null].filter(Boolean).join(' · ');
              return (
                <View
                  key={`${p.kind}:${p.id}`}
                  className={`place-option ${on ? 'place-option--on' : ''}`}
                  hoverClass="place-option--pressed"
                  ariaRole={multiple ? 'checkbox' : 'radio'}
                  aria-checked={on}
                  onClick={() => onPick(p)}
                >
                  <View className={`place-option__box ${multiple ? '' : 'place-option__box--round'}`}>{on ? '✓' : ''}</View>
                  <View className="place-option__main">
                    <View className="place-option__name">{p.name}</View>
                    {sub ? <View className="place-option__sub muted">{sub}</View> : null}
                  </View>
                </View>
              );
            })
          : null}
        {results.status === 'success' && results.nextOffset !== null ? (
          <View className="place-search__more">
            {typeof results.more === 'object' ? (
              <View className="place-search__more-error" ariaRole="alert">
                {results.more.message}
              </View>
            ) : null}
            <ActionButton variant="secondary" size="small" loading={results.more === 'loading'} loadingText="正在加载…" onClick={loadMore}>
              {typeof results.more === 'object' ? '重试' : '加载更多'}
            </ActionButton>
          </View>
        ) : null}
      </View>
    </View>
  );
}
