import { z } from '@hono/zod-openapi';
import { ORG_KINDS } from '../../platform/db/tables';

export const OrgKind = z.enum(ORG_KINDS).openapi({ description: 'Kind of organisation' });

const code = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, '机构代码只能包含小写字母、数字和连字符 / the code may hold lower-case letters, digits and hyphens only');
const regionCode = z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字 / the division code must be 6 digits');

export const Organisation = z
  .object({
    id: z.uuid(),
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    kind: OrgKind,
    parentId: z.uuid().nullable(),
    regionCode: z.string().nullable(),
    regionAliases: z.array(z.string()),
    active: z.boolean(),
    version: z.number().int(),
  })
  .openapi('Organisation');
export type Organisation = z.infer<typeof Organisation>;

export const OrganisationList = z.object({ items: z.array(Organisation) }).openapi('OrganisationList');

export const OrgInput = z
  .object({
    code,
    nameZh: z.string().trim().min(2).max(100),
    nameEn: z.string().trim().min(2).max(200),
    kind: OrgKind,
    parentId: z.uuid().nullable().optional(),
    regionCode: regionCode.nullable().optional(),
    regionAliases: z.array(regionCode).max(20).optional(),
  })
  .openapi('OrganisationInput');
export type OrgInput = z.infer<typeof OrgInput>;

export const OrgPatch = z
  .object({
    nameZh: z.string().trim().min(2).max(100).optional(),
    nameEn: z.string().trim().min(2).max(200).optional(),
    kind: OrgKind.optional(),
    parentId: z.uuid().nullable().optional(),
    regionCode: regionCode.nullable().optional(),
    regionAliases: z.array(regionCode).max(20).optional(),
    active: z.boolean().optional(),
    expectedVersion: z.number().int().min(1),
  })
  .openapi('OrganisationPatch');
export type OrgPatch = z.infer<typeof OrgPatch>;

/** One row of an import file (JSON or CSV): parents are named by code. */
export const OrgImportItem = z.object({
  code,
  parentCode: z.preprocess((v) => (v === '' ? undefined : v), code.optional()),
  nameZh: z.string().trim().min(2).max(100),
  nameEn: z.string().trim().min(2).max(200),
  kind: OrgKind,
  regionCode: z.preprocess((v) => (v === '' ? undefined : v), regionCode.optional()),
  regionAliases: z.preprocess(
    (v) => (typeof v === 'string' ? (v === '' ? [] : v.split('|')) : v),
    z.array(regionCode).max(20).optional(),
  ),
});
export type OrgImportItem = z.infer<typeof OrgImportItem>;

export const OrgImportRequest = z
  .object({
    format: z.enum(['json', 'csv']),
    content: z.string().min(1).max(2_000_000),
  })
  .openapi('OrganisationImport');

export const OrgImportResult = z
  .object({ created: z.number().int(), updated: z.number().int(), total: z.number().int() })
  .openapi('OrganisationImportResult');
