import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParamSchema,
  STATION_IMPORT_MAX_BYTES,
  stationImportInputSchema,
  stationImportQuerySchema,
  stationImportReportSchema,
  stationListQuerySchema,
  stationListResponseSchema,
  stationMapQuerySchema,
  stationMapResponseSchema,
  stationMapConfigSchema,
  stationSchema,
  type MapTiles,
} from '@union/shared';
import { errorResponses } from '../../lib/responses';
import { decodeStationCsv } from './stations.csv';
import { STATION_ADMIN_ROLES, type StationsService } from './stations.service';

/** The file base64 (4/3 of its bytes, or JSON-escaped text), and the other fields on top. */
const IMPORT_BODY_LIMIT = Math.ceil(STATION_IMPORT_MAX_BYTES / 3) * 4 + 256 * 1024;

export const stationsRoutes: FastifyPluginAsyncZod<{ stations: StationsService; mapTiles: MapTiles | null }> = async (app, { stations, mapTiles }) => {
  app.get(
    '/stations',
    {
      schema: {
        tags: ['stations'],
        summary: '附近的暖心驿站（由近到远，可按设施、营业中筛选）',
        querystring: stationListQuerySchema,
        response: { 200: stationListResponseSchema, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      // The in-memory copy's answer is already JSON (stations.memory.ts): sent as it is, unserialised.
      const body = stations.listFromMemory(request.query);
      if (body) return reply.type('application/json; charset=utf-8').send(body as never);
      return stations.list(request.query);
    },
  );

  app.get(
    '/stations/map',
    {
      schema: {
        tags: ['stations'],
        summary: '地图范围内的驿站（数量多时按网格聚合）',
        querystring: stationMapQuerySchema,
        response: { 200: stationMapResponseSchema, ...errorResponses(400, 429) },
      },
    },
    async (request) => stations.map(request.query.bbox, request.query.facility, request.query.openNow),
  );

  app.get(
    '/stations/map-config',
    {
      schema: {
        tags: ['stations'],
        summary: 'H5 地图的底图配置（未配置时为空，显示示意图）',
        response: { 200: stationMapConfigSchema, ...errorResponses(429) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return { tiles: mapTiles };
    },
  );

  app.get(
    '/stations/:id',
    { schema: { tags: ['stations'], summary: '驿站详情', params: idParamSchema, response: { 200: stationSchema, ...errorResponses(400, 404, 429) } } },
    async (request) => stations.get(request.params.id),
  );

  // A spreadsheet export can be posted as it is (text/csv, union in the query) or inside JSON. As it is, it comes as
  // bytes: UTF-8 or, from Excel on a Chinese Windows, GBK (decodeStationCsv tells which). Windows names a .csv file's
  // type application/vnd.ms-excel where Excel is installed, so a browser upload may say that.
  app.addContentTypeParser(['text/csv', 'application/vnd.ms-excel'], { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );
  app.post(
    '/admin/stations/import',
    {
      onRequest: app.authenticate,
      config: { staffRoles: STATION_ADMIN_ROLES },
      bodyLimit: IMPORT_BODY_LIMIT,
      preValidation: async (request) => {
        if (Buffer.isBuffer(request.body)) {
          // Runs before validation: the query is still the raw strings, and the body is checked next like a JSON one.
          const { orgId, dryRun } = request.query as unknown as { orgId?: string; dryRun?: string };
          const csv = await decodeStationCsv(request.body);
          request.body = { orgId, csv, ...(dryRun === 'true' || dryRun === '1' ? { dryRun: true } : {}) } as typeof request.body;
        }
      },
      schema: {
        tags: ['admin'],
        summary: '导入驿站 CSV（运营或所属工会管理员）：逐行报告错误，编号相同则更新',
        description:
          'Body: JSON { orgId, csv, dryRun? } or { orgId, file: base64 of the CSV (UTF-8 or GBK/GB18030), dryRun? }, or the CSV file itself as text/csv with ?orgId=…&dryRun=…',
        querystring: stationImportQuerySchema,
        body: stationImportInputSchema,
        response: { 200: stationImportReportSchema, ...errorResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request) => {
      const { file, csv, ...rest } = request.body;
      return stations.importCsv(request.accountId, { ...rest, csv: file !== undefined ? await decodeStationCsv(Buffer.from(file, 'base64')) : (csv ?? '') });
    },
  );
};
