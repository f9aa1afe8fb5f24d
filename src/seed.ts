import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { ensureShippedNotices } from './platform/calendar/calendar.service';
import { appMeta, organisations, users } from './platform/db/tables';
import type { Actor, Ctx, Platform } from './platform/http/context';
import { computeOrgCodeCheckChar, computeResidentIdCheckDigit, computeUsccCheckChar } from './platform/ids';
import { createStaff, grantRepresentation, registerApplicant } from './domains/identity/accounts.service';
import { findOrgByCode } from './domains/orgs/orgs.repo';
import { importOrganisations, parseOrgImport } from './domains/orgs/orgs.service';
import { ensureDefaultRoutingRules, matterRegistry } from './domains/cases';
import { ANONYMOUS } from './platform/http/context';

const ORG_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'domains/orgs/data');

function operatorName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'operator';
  }
}

/** Who the start-up and the CLI act as in the audit log (the CLI names the operating-system user). */
export function systemActor(via: 'system' | 'cli' = 'system'): Actor {
  return { ...ANONYMOUS, userKind: 'cli', login: via === 'cli' ? `cli:${operatorName()}` : 'system', roles: ['administrator'], via };
}

export const DEMO_PASSWORD = 'Zhibao-demo-2026';
/** Base32 TOTP secret shared by the demo staff accounts (documented in the README; demo only). */
export const DEMO_TOTP_SECRET = 'ZHIBAODEMOSECRETZHIBAODEMOSECRET';

export const DEMO_STAFF = [
  { login: 'admin', name: '系统管理员 Admin', org: 'sh-ipa', roles: ['administrator'] },
  { login: 'supervisor', name: '督办员 王督', org: 'sh-ipa', roles: ['supervisor'] },
  { login: 'auditor', name: '审计员 赵审', org: 'sh-ipa', roles: ['auditor'] },
  { login: 'officer.huangpu', name: '黄浦办案员 陈静', org: 'sh-huangpu-ipo', roles: ['case_officer'] },
  // 合议组: a patent dispute is heard by an odd number (≥ 3) of handlers.
  { login: 'officer.huangpu2', name: '黄浦办案员 何平', org: 'sh-huangpu-ipo', roles: ['case_officer'] },
  { login: 'officer.huangpu3', name: '黄浦办案员 林芳', org: 'sh-huangpu-ipo', roles: ['case_officer'] },
  { login: 'officer.xuhui', name: '徐汇办案员 刘洋', org: 'sh-xuhui-ipo', roles: ['case_officer'] },
  { login: 'reviewer', name: '审查员 孙审', org: 'sh-ippc', roles: ['reviewer'] },
  { login: 'mediator', name: '调解员 周和', org: 'sh-ip-mediation', roles: ['mediator'] },
  { login: 'judge', name: '法官 吴法', org: 'sh-ip-court', roles: ['judge'] },
  { login: 'police', name: '公安联络员 郑警', org: 'sh-psb', roles: ['police_liaison'] },
] as const;

/** A valid 统一社会信用代码 for an enterprise registered in the given division. */
export function demoUscc(regionCode: string, serial: string): string {
  const orgCode8 = serial.padStart(8, '0').slice(-8);
  const orgCode = orgCode8 + computeOrgCodeCheckChar(orgCode8);
  const first17 = `91${regionCode}${orgCode}`;
  return first17 + computeUsccCheckChar(first17);
}

export function demoResidentId(regionCode: string, birth: string, seq: string): string {
  const first17 = `${regionCode}${birth}${seq}`;
  return first17 + computeResidentIdCheckDigit(first17);
}

export const DEMO_APPLICANTS = [
  { login: 'acme', name: '上海示例科技有限公司', subjectType: 'enterprise', uscc: demoUscc('310101', 'MA1K0001'), legalRepresentative: '李明', address: '上海市黄浦区中山东一路 1 号' },
  { login: 'xuhui-materials', name: '上海徐汇新材料有限公司', subjectType: 'enterprise', uscc: demoUscc('310104', 'MA1K0002'), legalRepresentative: '高峰', address: '上海市徐汇区漕溪北路 88 号' },
  { login: 'zhang.san', name: '张三', subjectType: 'individual', idNumber: demoResidentId('310104', '19850317', '123'), address: '上海市徐汇区天钥桥路 100 弄' },
  { login: 'agent.li', name: '李代理', subjectType: 'individual', actsAsAgent: true, idNumber: demoResidentId('310115', '19900611', '246'), address: '上海市浦东新区世纪大道 200 号' },
] as const;

async function getMeta(platform: Platform, key: string) {
  const [row] = await platform.db.select().from(appMeta).where(eq(appMeta.key, key));
  return row?.value;
}

async function setMeta(platform: Platform, key: string, value: unknown) {
  await platform.db.insert(appMeta).values({ key, value }).onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: sql`now()` } });
}

export function readOrgSeed(spec: string): { format: 'json' | 'csv'; content: string } | null {
  if (spec === 'none') return null;
  const file = spec === 'shanghai' ? path.join(ORG_DATA_DIR, 'shanghai.json') : path.resolve(spec);
  return { format: file.toLowerCase().endsWith('.csv') ? 'csv' : 'json', content: fs.readFileSync(file, 'utf8') };
}

/** First-start data: the shipped holiday notices and the configured organisation tree. */
export async function ensureBaseData(platform: Platform): Promise<{ notices: number; orgs: number }> {
  const notices = await ensureShippedNotices(platform.db);
  let orgs = 0;
  const [{ n }] = await platform.db.select({ n: sql<number>`count(*)::int` }).from(organisations);
  if (Number(n) === 0) {
    const seed = readOrgSeed(platform.config.ZHIBAO_ORG_SEED);
    if (seed) orgs = (await importOrganisations({ db: platform.db, actor: systemActor() }, parseOrgImport(seed.format, seed.content))).created;
  }
  await ensureDefaultRoutingRules(platform.db, matterRegistry(platform.config).all().map((t) => t.code));
  return { notices, orgs };
}

/** Demo accounts (idempotent: loaded once per database). */
export async function seedDemo(platform: Platform, actor: Actor = systemActor()): Promise<boolean> {
  if (await getMeta(platform, 'demo_loaded')) return false;
  // One transaction: an interrupted first start leaves no half-loaded demo behind, and the next
  // start loads it again from scratch.
  await platform.db.transaction(async (tx) => {
    const txPlatform: Platform = { ...platform, db: tx };
    const ctx: Ctx = { ...txPlatform, actor, locale: 'zh-CN' };
    for (const s of DEMO_STAFF) {
      const org = await findOrgByCode(tx, s.org);
      if (!org) throw new Error(`demo data needs organisation ${s.org} (the Shanghai tree)`);
      const { account } = await createStaff(ctx, { login: s.login, displayName: s.name, orgId: org.id, roles: [...s.roles], password: DEMO_PASSWORD, kind: 'staff' });
      await tx
        .update(users)
        .set({ totpSecretEnc: platform.crypto.encrypt(DEMO_TOTP_SECRET), totpEnrolledAt: platform.now() })
        .where(eq(users.id, account.id));
    }
    for (const a of DEMO_APPLICANTS) {
      await registerApplicant(ctx, { password: DEMO_PASSWORD, actsAsAgent: false, locale: 'zh-CN', ...a } as Parameters<typeof registerApplicant>[1]);
    }
    const acme = await tx.select().from(users).where(eq(users.login, 'acme'));
    await grantRepresentation({ ...ctx, actor: { ...actor, userId: acme[0].id, login: 'acme', roles: ['applicant'], userKind: 'applicant' } }, 'agent.li');
    await setMeta(txPlatform, 'demo_loaded', { at: platform.now().toISOString() });
  });
  return true;
}
