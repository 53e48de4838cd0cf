import { View } from '@tarojs/components';
import ActionButton from '../../../components/ActionButton';
import FooterBar from '../../../components/FooterBar';
import { STAFF_EVENTS_PAGE, openPage } from '../../../lib/navigation';
import type { HeldDecision } from './use-held-decision';

interface UndoFooterProps {
  held: HeldDecision | null;
  secondsLeft: number;
  notice?: string;
  onUndo: () => void;
}

/** The 撤销 bar while a decision is held (then what happened), over 入会活动与二维码. */
export default function UndoFooter({ held, secondsLeft, notice, onUndo }: UndoFooterProps) {
  return (
    <FooterBar>
      {held ? (
        <View className="undo-bar" ariaRole="status">
          <View className="undo-bar__text">
            <View className="undo-bar__what">{held.kind === 'approve' ? `已通过：${held.item.name}` : `已驳回：${held.item.name}`}</View>
            <View className="undo-bar__left">{secondsLeft}秒后生效</View>
          </View>
          <View className="undo-bar__undo" hoverClass="undo-bar__undo--pressed" ariaRole="button" onClick={onUndo}>
            撤销
          </View>
        </View>
      ) : notice ? (
        <View className="undo-bar undo-bar--done" ariaRole="status">
          <View className="undo-bar__text">{notice}</View>
        </View>
      ) : null}
      <ActionButton variant="secondary" onClick={() => openPage(STAFF_EVENTS_PAGE)}>
        入会活动与二维码
      </ActionButton>
    </FooterBar>
  );
}
