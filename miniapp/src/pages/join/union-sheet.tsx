import { View } from '@tarojs/components';
import type { Org } from '@union/shared';
import OrgPicker from '../../components/OrgPicker';
import Sheet from '../../components/Sheet';
import { useOrgSearch } from '../../hooks/use-org-search';

interface UnionSheetProps {
  open: boolean;
  onClose: () => void;
  /** null: 不确定，按工作区域分配. */
  onPick: (org: Org | null) => void;
  selectedId?: string;
}

/** Search the unions that take applications, or leave the choice to routing. */
export default function UnionSheet({ open, onClose, onPick, selectedId }: UnionSheetProps) {
  const search = useOrgSearch(open);
  return (
    <Sheet open={open} title="选择入会工会" onClose={onClose}>
      <OrgPicker
        query={search.query}
        onQuery={search.setQuery}
        placeholder="搜索工会名称，如 新街口、快递"
        state={search.state}
        onRetry={search.retry}
        onPick={onPick}
        selectedId={selectedId}
        emptyHint="换个关键词试试，或选择“不确定，按工作区域分配”。"
        leading={
          <View className={`org-option ${selectedId ? '' : 'org-option--on'}`} hoverClass="org-option--pressed" ariaRole="button" onClick={() => onPick(null)}>
            <View className="org-option__main">
              <View className="org-option__name">不确定，按工作区域分配</View>
              <View className="org-option__desc muted">系统按您的工作单位和工作区域，交给对应的企业、行业或街道工会审核</View>
            </View>
          </View>
        }
      />
    </Sheet>
  );
}
