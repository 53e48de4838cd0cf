import { useEffect, useRef, useState } from 'react';
import { Input, View } from '@tarojs/components';
import { ORG_KIND_LABELS, type Org } from '@union/shared';
import { listOrgs } from '../../api/orgs';
import Sheet from '../../components/Sheet';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { useRequest } from '../../hooks/use-request';

interface UnionSheetProps {
  open: boolean;
  onClose: () => void;
  /** null: 不确定，按工作区域分配. */
  onPick: (org: Org | null) => void;
  selectedId?: string;
}

/** Search the unions that take applications, or leave the choice to routing. */
export default function UnionSheet({ open, onClose, onPick, selectedId }: UnionSheetProps) {
  const [q, setQ] = useState('');
  const query = useRef('');
  const orgs = useRequest(() => listOrgs({ q: query.current || undefined, limit: 30 }));

  useEffect(() => {
    if (!open) return undefined;
    query.current = q.trim();
    const timer = setTimeout(() => void orgs.run({ silent: true }), q ? 300 : 0);
    return () => clearTimeout(timer);
  }, [q, open]);

  return (
    <Sheet open={open} title='选择入会工会' onClose={onClose}>
      <View className='union-sheet__search form-field__row'>
        <Input
          className='form-field__input'
          placeholder='搜索工会名称，如 新街口、快递'
          placeholderClass='form-field__placeholder'
          value={q}
          confirmType='search'
          ariaLabel='搜索工会'
          onInput={(e) => setQ(e.detail.value)}
        />
      </View>

      <View
        className={`union-option ${selectedId ? '' : 'union-option--on'}`}
        hoverClass='union-option--pressed'
        ariaRole='button'
        onClick={() => onPick(null)}
      >
        <View className='union-option__name'>不确定，按工作区域分配</View>
        <View className='union-option__desc muted'>系统按您的工作单位和工作区域，交给对应的企业、行业或街道工会审核</View>
      </View>

      {orgs.state.status === 'idle' || orgs.state.status === 'loading' ? <LoadingState text='正在加载工会…' /> : null}
      {orgs.state.status === 'error' ? (
        <ErrorState title='工会列表加载失败' message={orgs.state.error.message} onRetry={() => void orgs.run()} />
      ) : null}
      {orgs.state.status === 'success' && orgs.state.data.length === 0 ? (
        <EmptyState title='没有找到这个工会' description='换个关键词试试，或选择“不确定，按工作区域分配”。' />
      ) : null}
      {orgs.state.status === 'success'
        ? orgs.state.data.map((org) => (
            <View
              key={org.id}
              className={`union-option ${selectedId === org.id ? 'union-option--on' : ''}`}
              hoverClass='union-option--pressed'
              ariaRole='button'
              onClick={() => onPick(org)}
            >
              <View className='union-option__name'>{org.name}</View>
              <View>
                <View className='tag tag--info'>{ORG_KIND_LABELS[org.kind]}</View>
                {org.acceptsUnaffiliated ? <View className='tag tag--success'>接收无工会单位职工</View> : null}
              </View>
              {org.address ? <View className='union-option__desc muted'>{org.address}</View> : null}
            </View>
          ))
        : null}
    </Sheet>
  );
}
