import { recordAudit } from '../../platform/audit/audit';
import { DomainError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import type { Db } from '../../platform/db/client';
import { readCsv } from '../../platform/csv';
import { fieldErrors } from '../../platform/http/validation';
import './orgs.errors';
import * as repo from './orgs.repo';
import { OrgImportItem, type Organisation, type OrgInput, type OrgPatch } from './orgs.schemas';

export function toOrgDto(row: repo.OrgRow): Organisation {
  return {
    id: row.id,
    code: row.code,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    kind: row.kind as Organisation['kind'],
    parentId: row.parentId,
    regionCode: row.regionCode,
    regionAliases: row.regionAliases,
    active: row.active,
    version: row.version,
  };
}

export async function listOrganisations(ctx: Pick<Ctx, 'db'>): Promise<Organisation[]> {
  return (await repo.listOrgRows(ctx.db)).map(toOrgDto);
}

export async function getOrganisation(ctx: Pick<Ctx, 'db'>, id: string): Promise<Organisation> {
  const row = await repo.findOrgById(ctx.db, id);
  if (!row) throw new DomainError('not_found');
  return toOrgDto(row);
}

async function assertNoCycle(db: Db, id: string, parentId: string | null | undefined, code: string) {
  if (!parentId) return;
  if (parentId === id) throw new DomainError('orgs.cycle', { code });
  const chain = await repo.ancestorIds(db, parentId);
  if (chain.includes(id)) throw new DomainError('orgs.cycle', { code });
}

export async function createOrganisation(ctx: Ctx, input: OrgInput): Promise<Organisation> {
  return ctx.db.transaction(async (tx) => {
    if (await repo.findOrgByCode(tx, input.code)) throw new DomainError('orgs.code_taken', { code: input.code });
    if (input.parentId && !(await repo.findOrgById(tx, input.parentId)))
      throw new DomainError('orgs.parent_not_found', { parent: input.parentId });
    const row = await repo.insertOrg(tx, {
      code: input.code,
      nameZh: input.nameZh,
      nameEn: input.nameEn,
      kind: input.kind,
      parentId: input.parentId ?? null,
      regionCode: input.regionCode ?? null,
      regionAliases: input.regionAliases ?? [],
    });
    await recordAudit(tx, ctx.actor, { action: 'org.create', targetType: 'organisation', targetId: row.id, details: { code: row.code } });
    return toOrgDto(row);
  });
}

export async function updateOrganisation(ctx: Ctx, id: string, patch: OrgPatch): Promise<Organisation> {
  return ctx.db.transaction(async (tx) => {
    const current = await repo.findOrgById(tx, id);
    if (!current) throw new DomainError('not_found');
    if (current.version !== patch.expectedVersion) throw new DomainError('conflict.version');
    if (patch.parentId !== undefined) {
      if (patch.parentId && !(await repo.findOrgById(tx, patch.parentId)))
        throw new DomainError('orgs.parent_not_found', { parent: patch.parentId });
      await assertNoCycle(tx, id, patch.parentId, current.code);
    }
    if (patch.active === false && current.active) {
      const count = await repo.countActiveMembers(tx, id);
      if (count > 0) throw new DomainError('orgs.has_active_members', { count });
    }
    const { expectedVersion, ...values } = patch;
    const row = await repo.updateOrgRow(tx, id, expectedVersion, values);
    if (!row) throw new DomainError('conflict.version');
    await recordAudit(tx, ctx.actor, { action: 'org.update', targetType: 'organisation', targetId: id, details: { changed: Object.keys(values) } });
    return toOrgDto(row);
  });
}

function parseCsv(content: string): Record<string, string>[] {
  const { rows, unterminatedQuote } = readCsv(content);
  if (unterminatedQuote) throw new DomainError('orgs.import_format', { reason: 'unterminated quote / 引号未闭合' });
  if (rows.length < 2) throw new DomainError('orgs.import_empty');
  const header = rows[0].map((h) => h.trim());
  for (const required of ['code', 'nameZh', 'nameEn', 'kind'])
    if (!header.includes(required)) throw new DomainError('orgs.import_format', { reason: `missing column ${required} / 缺少列 ${required}` });
  return rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, (r[i] ?? '').trim()])));
}

/** Reads a JSON (array, or `{organisations: [...]}`) or CSV organisation file into validated items. */
export function parseOrgImport(format: 'json' | 'csv', content: string): OrgImportItem[] {
  let raw: unknown[];
  if (format === 'csv') raw = parseCsv(content);
  else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch (e) {
      throw new DomainError('orgs.import_format', { reason: (e as Error).message });
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { organisations?: unknown })?.organisations;
    if (!Array.isArray(list)) throw new DomainError('orgs.import_format', { reason: 'expected an array or {"organisations": [...]}' });
    raw = list;
  }
  if (raw.length === 0) throw new DomainError('orgs.import_empty');
  const items: OrgImportItem[] = [];
  const seen = new Set<string>();
  raw.forEach((entry, i) => {
    const r = OrgImportItem.safeParse(entry);
    if (!r.success) {
      const [first] = fieldErrors(r.error, 'zh-CN');
      throw new DomainError('orgs.import_invalid', {
        row: i + 1,
        reasonZh: `${first.path} ${first.messages['zh-CN']}`,
        reasonEn: `${first.path} ${first.messages.en}`,
      });
    }
    if (seen.has(r.data.code)) throw new DomainError('orgs.import_invalid', { row: i + 1, reasonZh: `机构代码 ${r.data.code} 重复`, reasonEn: `duplicate code ${r.data.code}` });
    seen.add(r.data.code);
    items.push(r.data);
  });
  return items;
}

/**
 * Creates or updates organisations by code, all or nothing. Parents may be defined later in
 * the same file or already exist.
 */
export async function importOrganisations(ctx: Pick<Ctx, 'db' | 'actor'>, items: OrgImportItem[]) {
  return ctx.db.transaction(async (tx) => {
    const idByCode = new Map<string, string>();
    let created = 0;
    let updated = 0;
    for (const item of items) {
      const existing = await repo.findOrgByCode(tx, item.code);
      const values = {
        nameZh: item.nameZh,
        nameEn: item.nameEn,
        kind: item.kind,
        regionCode: item.regionCode ?? null,
        regionAliases: item.regionAliases ?? [],
      };
      if (existing) {
        await repo.updateOrgRow(tx, existing.id, existing.version, values);
        idByCode.set(item.code, existing.id);
        updated++;
      } else {
        const row = await repo.insertOrg(tx, { code: item.code, ...values });
        idByCode.set(item.code, row.id);
        created++;
      }
    }
    for (const [i, item] of items.entries()) {
      const id = idByCode.get(item.code)!;
      let parentId: string | null = null;
      if (item.parentCode) {
        parentId = idByCode.get(item.parentCode) ?? (await repo.findOrgByCode(tx, item.parentCode))?.id ?? null;
        if (!parentId) throw new DomainError('orgs.import_invalid', { row: i + 1, reasonZh: `上级机构 ${item.parentCode} 不存在`, reasonEn: `parent ${item.parentCode} not found` });
        await assertNoCycle(tx, id, parentId, item.code);
      }
      const current = (await repo.findOrgById(tx, id))!;
      await repo.updateOrgRow(tx, id, current.version, { parentId });
    }
    await recordAudit(tx, ctx.actor, {
      action: 'org.import',
      targetType: 'organisation',
      details: { created, updated, codes: items.slice(0, 200).map((i) => i.code) },
    });
    return { created, updated, total: items.length };
  });
}

export const orgReachIds = repo.orgReachIds;
export const findOrgForRegion = repo.findOrgForRegion;
export const findOrgByCode = repo.findOrgByCode;

/** The organisation and everything below it. */
export async function orgSubtreeIds(db: Db, orgId: string): Promise<string[]> {
  return repo.orgReachIds(db, orgId);
}

export async function findOrgForRegionCode(db: Db, regionCode: string, kinds: string[]) {
  return repo.findOrgForRegion(db, regionCode, kinds);
}

/** The organisation and those above it, nearest first (a case's supervisors sit there). */
export async function orgWithAncestorIds(db: Db, orgId: string): Promise<string[]> {
  return repo.ancestorIds(db, orgId);
}
