import { useEffect } from 'react';
import { getEvent } from '../../api/events';
import { useRequest } from '../../hooks/use-request';

/** The stall an event code names (from the QR code or a typed 活动码), loaded whenever the code changes. */
export function useStallEvent(eventCode: string | undefined) {
  const event = useRequest(() => getEvent(eventCode ?? ''));
  const { run, reset } = event;
  useEffect(() => {
    if (eventCode) void run();
    else reset();
  }, [eventCode, run, reset]);
  return event;
}

export type StallEventRequest = ReturnType<typeof useStallEvent>;
