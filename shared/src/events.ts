import { z } from 'zod';
import { eventCodeSchema, plainTextSchema } from './fields';

export const eventInputSchema = z
  .strictObject({
    orgId: z.uuid({ error: '请选择工会' }),
    title: plainTextSchema('活动名称', 2, 60),
    place: plainTextSchema('活动地点', 2, 100),
    startsAt: z.iso.datetime({ offset: true, error: '开始时间格式不正确' }),
    endsAt: z.iso.datetime({ offset: true, error: '结束时间格式不正确' }),
  })
  .refine((e) => Date.parse(e.endsAt) > Date.parse(e.startsAt), { error: '结束时间应晚于开始时间', path: ['endsAt'] });

export const stallEventSchema = z.object({
  id: z.string(),
  code: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  /** The union's region (GB/T 2260 district code): the join form's first guess at where the worker works. */
  orgRegionCode: z.string(),
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
export const eventCodeParamSchema = z.strictObject({ code: eventCodeSchema });
