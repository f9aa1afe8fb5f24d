import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../platform/config';
import { DomainError, errorText } from '../platform/errors';
import { planAccess, withTarget } from './access';

const httpCommand = { command: 'calendar add', http: { scopes: [] } };
const directCommand = { command: 'seed' };

describe('how the CLI reaches the data', () => {
  it('opens PostgreSQL itself whenever DATABASE_URL is set, server or not', () => {
    expect(planAccess({ engine: 'postgres' }, undefined, directCommand)).toEqual({ kind: 'direct', engine: 'postgres' });
    expect(planAccess({ engine: 'postgres' }, 4242, directCommand)).toEqual({ kind: 'direct', engine: 'postgres' });
  });

  it('opens the PGlite directory itself when no process holds it', () => {
    expect(planAccess({ engine: 'pglite' }, undefined, httpCommand)).toEqual({ kind: 'direct', engine: 'pglite' });
    expect(planAccess({ engine: 'pglite' }, undefined, directCommand)).toEqual({ kind: 'direct', engine: 'pglite' });
  });

  it('calls the server that holds the PGlite directory, for commands the API offers', () => {
    expect(planAccess({ engine: 'pglite' }, 4242, httpCommand)).toEqual({ kind: 'http', holderPid: 4242 });
  });

  it('refuses commands that need the database itself while a server holds the PGlite directory', () => {
    expect(planAccess({ engine: 'pglite' }, 4242, directCommand)).toEqual({ kind: 'refuse', holderPid: 4242 });
  });
});

describe('withTarget while another process holds the PGlite directory', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  async function heldDataDir() {
    const dir = await mkdtemp(path.join(tmpdir(), 'zhibao-access-'));
    dirs.push(dir);
    // This very process is alive, so the lock counts as held.
    await writeFile(path.join(dir, 'zhibao.lock'), String(process.pid));
    return dir;
  }

  it('refuses a command that needs the database itself, naming the command and the holder', async () => {
    const dir = await heldDataDir();
    const config = parseConfig({ ZHIBAO_DATA_DIR: dir });
    const error = await withTarget(config, { command: 'seed' }, async () => 'ran').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'cli.server_holds_data_dir', params: { command: 'seed', pid: process.pid } });
  });

  it('asks for ZHIBAO_API_TOKEN, naming the scopes, before calling the server', async () => {
    const dir = await heldDataDir();
    const config = parseConfig({ ZHIBAO_DATA_DIR: dir, PORT: '3999' });
    const error = await withTarget(config, { command: 'user create', http: { scopes: ['users:write', 'orgs:read'] } }, async () => 'ran').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'cli.token_missing', params: { scopes: 'users:write,orgs:read', baseUrl: 'http://localhost:3999' } });
    expect(errorText('cli.token_missing', 'en', (error as DomainError).params)).toContain('zhibao token create --user <login> --scopes users:write,orgs:read');
  });

  it('hands a public command the server client, without the token', async () => {
    const dir = await heldDataDir();
    const config = parseConfig({ ZHIBAO_DATA_DIR: dir, ZHIBAO_BASE_URL: 'http://127.0.0.1:3999', ZHIBAO_API_TOKEN: 'zb_secret' });
    const target = await withTarget(config, { command: 'calendar add', http: { scopes: [] } }, async (t) => t);
    expect(target.kind).toBe('http');
    if (target.kind === 'http') expect(target.server.opts).toMatchObject({ baseUrl: 'http://127.0.0.1:3999', token: undefined, holderPid: process.pid });
  });
});
