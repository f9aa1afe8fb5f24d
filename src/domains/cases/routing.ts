import type { Db } from '../../platform/db/client';
import { shortLived } from '../../platform/db/reuse';
import { DomainError } from '../../platform/errors';
import { listOrganisations } from '../orgs/orgs.service';
import * as repo from './cases.repo';

/**
 * 一窗口 routing: which organisation handles a new matter. Rules are rows (routing_rules), tried
 * by priority; every condition a rule sets must match. Jurisdiction over a patent dispute lies
 * with the office where the respondent is located or the infringement occurred (专利法实施细则
 * 第97条), so the default rule sends a case to the district office of that region.
 */

export interface RoutingFacts {
  regionCode: string | null;
  industry: string | null;
  grade: string | null;
}

export interface Route {
  org: { id: string; nameZh: string; nameEn: string };
  ruleId: number;
  /** Case officers and supervisors of the office, who are told of the new matter. */
  staff: { id: string; email: string | null; locale: string }[];
}

// Routing rules, organisations and their staff change rarely: a change is seen within seconds.
const routes = shortLived<Route | undefined>(5000);

export async function routeMatter(db: Db, matterType: string, facts: RoutingFacts): Promise<Route> {
  const hit = await routes.get(db, JSON.stringify([matterType, facts.regionCode, facts.industry, facts.grade]), () => repo.routeFor(db, matterType, facts));
  if (!hit) throw new DomainError('case.no_competent_org', { matterType });
  return hit;
}

/** Forget cached routes (after the rules or the organisation tree changed in this process). */
export function forgetRoutes(db: Db): void {
  routes.clear(db);
}

/**
 * The rules a new installation starts with, for any organisation tree that has a city-level IP
 * office: pharmaceutical disputes (linked to the medical-insurance purchasing platform) and
 * cases without a known district go to the city office; the rest to the district office.
 */
export async function ensureDefaultRoutingRules(db: Db, matterTypes: string[]): Promise<number> {
  if ((await repo.allRoutingRules(db)).length) return 0;
  const city = (await listOrganisations({ db })).find((o) => o.kind === 'ip_office' && o.active && !o.parentId);
  if (!city) return 0;
  const rows = matterTypes.flatMap((matterType) => [
    { matterType, priority: 10, industry: 'pharmaceutical', target: 'org', orgId: city.id, note: '医药领域纠纷由市局办理（医保采购平台联动）/ Pharmaceutical disputes: city office (medical-insurance platform linkage)' },
    { matterType, priority: 50, target: 'district_of_region', note: '被请求人所在地或侵权行为地的区局（专利法实施细则第97条）/ District office where the respondent is or the infringement occurred (PIR art. 97)' },
    { matterType, priority: 100, target: 'org', orgId: city.id, note: '其他：市局 / Otherwise: the city office' },
  ]);
  await repo.insertRoutingRules(db, rows);
  forgetRoutes(db);
  return rows.length;
}
