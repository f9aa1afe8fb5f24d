import type { OpenAPIHono } from '@hono/zod-openapi';
import { ctxOf } from '../../platform/http/base-app';
import type { AppEnv, Platform } from '../../platform/http/context';
import { body, IdParam, json, problems, tag } from '../../platform/http/openapi-helpers';
import { route } from '../../platform/http/route';
import * as S from './orgs.schemas';
import * as service from './orgs.service';

export function registerOrgRoutes(app: OpenAPIHono<AppEnv>, platform: Platform) {
  app.openapi(
    route({
      method: 'get', path: '/api/public/districts', permission: 'public', ...tag('Organisations'), operationId: 'listDistricts',
      summary: 'Active district offices and the city office (for the registration form)',
      responses: { 200: json(S.OrganisationList, 'Organisations') },
    }),
    async (c) => {
      const all = await service.listOrganisations(ctxOf(c, platform));
      return c.json({ items: all.filter((o) => o.active && (o.kind === 'district_ip_office' || (o.kind === 'ip_office' && !o.parentId))) }, 200);
    },
  );

  app.openapi(
    route({
      method: 'get', path: '/api/orgs', permission: 'org.read', ...tag('Organisations'), operationId: 'listOrganisations',
      summary: 'The whole organisation tree (flat, with parent ids)',
      responses: { 200: json(S.OrganisationList, 'Organisations'), ...problems },
    }),
    async (c) => c.json({ items: await service.listOrganisations(ctxOf(c, platform)) }, 200),
  );

  app.openapi(
    route({
      method: 'get', path: '/api/orgs/{id}', permission: 'org.read', ...tag('Organisations'), operationId: 'getOrganisation',
      summary: 'One organisation',
      request: { params: IdParam },
      responses: { 200: json(S.Organisation, 'Organisation'), ...problems },
    }),
    async (c) => c.json(await service.getOrganisation(ctxOf(c, platform), c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      method: 'post', path: '/api/orgs', permission: 'org.manage', ...tag('Organisations'), operationId: 'createOrganisation',
      summary: 'Create an organisation',
      request: body(S.OrgInput),
      responses: { 201: json(S.Organisation, 'Created'), ...problems },
    }),
    async (c) => c.json(await service.createOrganisation(ctxOf(c, platform), c.req.valid('json')), 201),
  );

  app.openapi(
    route({
      method: 'patch', path: '/api/orgs/{id}', permission: 'org.manage', ...tag('Organisations'), operationId: 'updateOrganisation',
      summary: 'Change an organisation (names, kind, parent, division code, active)',
      request: { params: IdParam, ...body(S.OrgPatch) },
      responses: { 200: json(S.Organisation, 'Updated'), ...problems },
    }),
    async (c) => c.json(await service.updateOrganisation(ctxOf(c, platform), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    route({
      method: 'post', path: '/api/orgs/import', permission: 'org.manage', ...tag('Organisations'), operationId: 'importOrganisations',
      summary: 'Load a city’s organisation tree from JSON or CSV (created or updated by code, all or nothing)',
      request: body(S.OrgImportRequest),
      responses: { 200: json(S.OrgImportResult, 'Imported'), ...problems },
    }),
    async (c) => {
      const { format, content } = c.req.valid('json');
      return c.json(await service.importOrganisations(ctxOf(c, platform), service.parseOrgImport(format, content)), 200);
    },
  );
}
