import type { StallEvent } from '@union/shared';

export function eventPhase(event: Pick<StallEvent, 'startsAt' | 'endsAt'>, now = Date.now()): { label: string; tone: string } {
  if (now < Date.parse(event.startsAt)) return { label: '未开始', tone: 'tag--info' };
  if (now > Date.parse(event.endsAt)) return { label: '已结束', tone: '' };
  return { label: '进行中', tone: 'tag--success' };
}
