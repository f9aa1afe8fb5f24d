import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../src/seed';
import { createRng, enterpriseRegistration } from './support/factories';
import { useTestApp } from './support/test-app';

describe('demo data', () => {
  const t = useTestApp({ demo: false });

  async function logins(): Promise<string[]> {
    return (await t.query<{ login: string }>(sql`select login from users order by login`)).map((r) => r.login);
  }

  it('loads all or nothing: a failure half-way leaves no demo account behind, and a later start loads it whole', async () => {
    // Someone already registered as "acme": the demo applicant of that name cannot be created.
    await t.register(enterpriseRegistration(createRng(7), { login: 'acme' }));
    await expect(seedDemo(t.platform)).rejects.toThrow();
    expect(await logins()).toEqual(['acme']);
    expect(await t.query(sql`select key from app_meta where key = 'demo_loaded'`)).toEqual([]);

    await t.query(sql`update users set login = 'acme-earlier' where login = 'acme'`);
    expect(await seedDemo(t.platform)).toBe(true);
    expect(await logins()).toEqual(expect.arrayContaining(['acme', 'acme-earlier', 'admin', 'agent.li', 'officer.huangpu']));
    expect(await seedDemo(t.platform)).toBe(false);
  });
});
