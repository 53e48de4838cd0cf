import { z } from 'zod';
import { plainTextSchema } from './applications';

export const eventInputSchema = z
  .strictObject({
    orgId: z.uuid({ error: '请选择工会' }),
    title: plainTextSchema('活动名称', 2, 60),
    place: plainTextSchema('活动地点', 2, 100),
    startsAt: z.iso.datetime({ offset: true, error: '开始时间格式不正确' }),
    endsAt: z.iso.datetime({ offset: true, error: '结束时间格式不正确' }),
  })
  .refine((e) => Date.parse(e.endsAt) > Date.parse(e.startsAt), { error: '结束时间应晚于开始时间', path: ['endsAt'] });

/** The join page, and the query parameter that carries a stall's code: `event` in the H5 link, `scene` from a wxacode. */
export const JOIN_PAGE_PATH = 'pages/join/index';
export const JOIN_EVENT_PARAM = 'event';
export const JOIN_SCENE_PARAM = 'scene';

/** Where a stall's QR code leads: the H5 link (relative to the site) and the mini-program page. */
export function joinLinks(code: string): { joinUrl: string; weappPath: string } {
  return { joinUrl: `/#/${JOIN_PAGE_PATH}?${JOIN_EVENT_PARAM}=${code}`, weappPath: `${JOIN_PAGE_PATH}?${JOIN_SCENE_PARAM}=${code}` };
}

export const stallEventSchema = z.object({
  id: z.string(),
  code: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  title: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** Opens the join form in the H5 app. */
  joinUrl: z.string(),
  /** Mini-program page path with the scene code, for wxacode.getUnlimited. */
  weappPath: z.string(),
  applications: z.number().int().optional(),
});
export type StallEvent = z.infer<typeof stallEventSchema>;
export const stallEventListSchema = z.object({ items: z.array(stallEventSchema) });
export const eventCodeParamSchema = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9]{6,16}$/, { error: '活动码格式不正确' }) });
