import type { StallEvent } from '@union/shared';
import { phaseOf } from '../../lib/dates';

const PHASES = {
  before: { label: '未开始', tone: 'tag--info' },
  during: { label: '进行中', tone: 'tag--success' },
  after: { label: '已结束', tone: '' },
} as const;

export function eventPhase(event: Pick<StallEvent, 'startsAt' | 'endsAt'>, now = Date.now()): { label: string; tone: string } {
  return PHASES[phaseOf(event, now)];
}
