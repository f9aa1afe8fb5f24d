import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db/client';
import { directQuery } from '../../platform/db/prepared';
import { organisations, users } from '../../platform/db/tables';

export type OrgRow = typeof organisations.$inferSelect;

export function listOrgRows(db: Db): Promise<OrgRow[]> {
  return db.select().from(organisations).orderBy(asc(organisations.code));
}

interface OrgDbRow {
  id: string; code: string; name_zh: string; name_en: string; kind: string; parent_id: string | null; region_code: string | null;
  region_aliases: string[]; active: boolean; version: number; created_at: Date | string;
}

/** By id: every authenticated organisation page starts here, so it skips Drizzle (`directQuery`). */
export async function findOrgById(db: Db, id: string): Promise<OrgRow | undefined> {
  const [r] = await directQuery<OrgDbRow>(
    db,
    'org_by_id',
    'select id, code, name_zh, name_en, kind, parent_id, region_code, region_aliases, active, version, created_at from organisations where id = $1',
    [id],
  );
  if (!r) return undefined;
  return {
    id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, kind: r.kind, parentId: r.parent_id, regionCode: r.region_code,
    regionAliases: r.region_aliases, active: r.active, version: r.version, createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
  };
}

export async function findOrgByCode(db: Db, code: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.code, code));
  return row;
}

export async function insertOrg(db: Db, values: typeof organisations.$inferInsert): Promise<OrgRow> {
  const [row] = await db.insert(organisations).values(values).returning();
  return row;
}

export async function updateOrgRow(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<typeof organisations.$inferInsert>,
): Promise<OrgRow | undefined> {
  const [row] = await db
    .update(organisations)
    .set({ ...values, version: sql`${organisations.version} + 1` })
    .where(and(eq(organisations.id, id), eq(organisations.version, expectedVersion)))
    .returning();
  return row;
}

/**
 * The reach of an organisation's staff: the organisation and everything below it; a body
 * competent for a whole province-level city (division code xx0000, such as the protection
 * centre or the mediation committee) also reaches every organisation of that city.
 */
export async function orgReachIds(db: Db, orgId: string): Promise<string[]> {
  const result = await db.execute(sql`
    with recursive base(id) as (
      select id from organisations where id = ${orgId}
      union
      select o.id from organisations o join organisations me on me.id = ${orgId}
       where me.region_code ~ '^[0-9]{2}0000$' and o.region_code like substr(me.region_code, 1, 2) || '%'
    ), tree(id) as (
      select id from base
      union
      select o.id from organisations o join tree t on o.parent_id = t.id
    ) select id from tree`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

/** Ancestors from the organisation up to its root (inclusive). */
export async function ancestorIds(db: Db, orgId: string): Promise<string[]> {
  const result = await db.execute(sql`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from organisations where id = ${orgId}
      union all
      select o.id, o.parent_id, u.depth + 1 from organisations o join up u on o.id = u.parent_id where u.depth < 64
    ) select id from up order by depth`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

export async function countActiveMembers(db: Db, orgId: string): Promise<number> {
  const result = await db.execute(sql`
    select (select count(*) from users where org_id = ${orgId} and status = 'active')
         + (select count(*) from organisations where parent_id = ${orgId} and active) as n`);
  return Number(rowsOf<{ n: string | number }>(result)[0].n);
}

/** The active organisation competent for a GB/T 2260 division code, by code or alias. */
export async function findOrgForRegion(db: Db, regionCode: string, kinds: string[]): Promise<OrgRow | undefined> {
  const [row] = await db
    .select()
    .from(organisations)
    .where(
      and(
        eq(organisations.active, true),
        sql`${organisations.kind} in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})`,
        sql`(${organisations.regionCode} = ${regionCode} or ${regionCode} = any(${organisations.regionAliases}))`,
      ),
    )
    .orderBy(asc(organisations.code))
    .limit(1);
  return row;
}

export { users as usersTable };
