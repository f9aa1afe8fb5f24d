import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { ctxOf } from '../http/base-app';
import type { AppEnv, Platform } from '../http/context';
import { body, json, problems, tag } from '../http/openapi-helpers';
import { ProblemSchema } from '../http/problem';
import { route } from '../http/route';
import { CalendarNotice } from './calendar.schemas';
import { importNotice, listYears, loadCalendar } from './calendar.service';

const Basis = z.object({ id: z.string(), zh: z.string(), en: z.string() });
const DayInfo = z
  .object({
    date: z.string(),
    working: z.boolean(),
    kind: z.enum(['workday', 'weekend', 'holiday', 'adjusted_workday']),
    name: z.string().optional(),
    nameEn: z.string().optional(),
  })
  .openapi('CalendarDay');

const CalendarOverview = z
  .object({
    coverage: z.object({ from: z.string(), to: z.string() }),
    years: z.array(
      z.object({
        year: z.number().int(),
        noticeTitle: z.string(),
        sourceUrl: z.string(),
        publishedOn: z.string().nullable(),
        source: z.enum(['shipped', 'import']),
        importedAt: z.string(),
      }),
    ),
  })
  .openapi('CalendarOverview');

const AddQuery = z.object({
  start: z.string().openapi({ example: '2025-09-26', description: 'Start date (YYYY-MM-DD); the start day itself is not counted' }),
  duration: z.string().openapi({ example: '5wd', description: '`Nwd` working days or `Nd` calendar days' }),
});
const AddResult = z
  .object({ start: z.string(), duration: z.string(), date: z.string(), rolledOverFrom: z.string().optional(), basis: Basis })
  .openapi('DeadlineResult');

export function registerCalendarRoutes(app: OpenAPIHono<AppEnv>, platform: Platform) {
  app.openapi(
    route({
      method: 'get', path: '/api/calendar', permission: 'public', ...tag('Calendar'), operationId: 'calendarOverview',
      summary: 'Years of State Council holiday notices loaded, with their sources',
      responses: { 200: json(CalendarOverview, 'Loaded years') },
    }),
    async (c) => {
      const calendar = await loadCalendar(platform.db);
      return c.json({ coverage: calendar.coverage(), years: await listYears(platform.db) }, 200);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/calendar/years/{year}', permission: 'public', ...tag('Calendar'), operationId: 'calendarYear',
      summary: 'Every day of a year with its kind (working day, weekend, holiday, adjusted working day)',
      request: { params: z.object({ year: z.coerce.number().int().min(1900).max(2200).openapi({ param: { name: 'year', in: 'path' } }) }) },
      responses: { 200: json(z.object({ year: z.number().int(), days: z.array(DayInfo) }).openapi('CalendarYear'), 'Days'), 422: json(ProblemSchema, 'Year not loaded'), ...problems },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const calendar = await loadCalendar(platform.db);
      const days = [];
      for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
        days.push(calendar.dayInfo(d.toISOString().slice(0, 10)));
      }
      return c.json({ year, days }, 200);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/calendar/add', permission: 'public', ...tag('Calendar'), operationId: 'calendarAdd',
      summary: 'Compute a deadline: N working days, or N calendar days with the holiday roll-over (民事诉讼法 第85条)',
      request: { query: AddQuery },
      responses: { 200: json(AddResult, 'The deadline'), 422: json(ProblemSchema, 'Outside the loaded years'), ...problems },
    }),
    async (c) => {
      const { start, duration } = c.req.valid('query');
      const result = (await loadCalendar(platform.db)).add(start, duration);
      return c.json({ start, duration, ...result }, 200);
    },
  );

  app.openapi(
    route({
      method: 'post', path: '/api/calendar/notices', permission: 'calendar.manage', ...tag('Calendar'), operationId: 'importCalendarNotice',
      summary: 'Import (or replace) one year’s State Council holiday notice',
      request: body(CalendarNotice),
      responses: { 200: json(z.object({ year: z.number().int(), days: z.number().int() }).openapi('CalendarImportResult'), 'Imported'), ...problems },
    }),
    async (c) => c.json(await importNotice(ctxOf(c, platform), c.req.valid('json')), 200),
  );
}
