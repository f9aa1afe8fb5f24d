import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { DEMO_TOTP_SECRET } from '../seed';
import { totpAt } from '../platform/security/totp';
import { registerTotpCommands } from './commands/totp';
import type { CliIo } from './io';
import { buildProgram } from './program';

function captured() {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  stdout.on('data', (d: Buffer) => out.push(d.toString()));
  let exitCode = 0;
  const io: CliIo = { out: (s) => out.push(s), err: (s) => err.push(s), setExitCode: (n) => (exitCode = n), stdout };
  return { io, out, err, exitCode: () => exitCode };
}

describe('the zhibao command tree', () => {
  it('lists every command in the help, with the way it reaches the database', async () => {
    const c = captured();
    const program = buildProgram({ io: c.io, env: {} });
    await expect(program.parseAsync(['--help'], { from: 'user' })).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
    const help = c.out.join('');
    for (const command of ['migrate', 'seed', 'org', 'user', 'token', 'calendar', 'validate', 'audit', 'totp']) expect(help).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help).toContain('ZHIBAO_API_TOKEN');
    expect(help).toContain('DATABASE_URL');
  });

  it('does not read the configuration for commands without a database, so a broken environment does not stop them', async () => {
    const c = captured();
    const program = buildProgram({ io: c.io, env: { PORT: 'not-a-port', DATABASE_URL: 'mysql://nope' } });
    await program.parseAsync(['validate', 'nice', '09'], { from: 'user' });
    expect(c.out).toEqual(['9']);
    expect(c.exitCode()).toBe(0);
  });

  it('reports an invalid configuration in both languages for a command that needs the database', async () => {
    const c = captured();
    const program = buildProgram({ io: c.io, env: { DATABASE_URL: 'mysql://nope' } });
    await program.parseAsync(['calendar', 'add', '2025-09-26', '5wd'], { from: 'user' });
    expect(c.out).toEqual([]);
    expect(c.err.join('\n')).toContain('配置无效 / invalid configuration');
    expect(c.err.join('\n')).toContain('DATABASE_URL: must start with postgres://');
    expect(c.exitCode()).toBe(1);
  });
});

describe('zhibao totp code', () => {
  function run(secret: string, at: Date) {
    const c = captured();
    const program = new Command().exitOverride();
    registerTotpCommands(program, { io: c.io, config: () => { throw new Error('no config needed'); }, debug: () => false }, () => at);
    return program.parseAsync(['totp', 'code', '--secret', secret], { from: 'user' }).then(() => c);
  }

  it('prints the current code of the demo secret and how long it stays valid', async () => {
    const at = new Date('2026-03-01T08:00:10Z');
    const c = await run(DEMO_TOTP_SECRET, at);
    expect(c.out).toEqual([totpAt(DEMO_TOTP_SECRET, Math.floor(at.getTime() / 30_000))]);
    expect(c.out[0]).toMatch(/^\d{6}$/);
    expect(c.err).toEqual(['还有 20 秒有效 / valid for another 20 s']);
  });

  it('accepts the secret in lower case with spaces, as authenticator apps show it', async () => {
    const at = new Date('2026-03-01T08:00:10Z');
    const spaced = DEMO_TOTP_SECRET.toLowerCase().replace(/(.{4})/g, '$1 ');
    expect((await run(spaced, at)).out).toEqual((await run(DEMO_TOTP_SECRET, at)).out);
  });

  it('refuses a secret that is not Base32, in both languages', async () => {
    const c = await run('0189', new Date());
    expect(c.out).toEqual([]);
    expect(c.err).toEqual(['密钥不是有效的 Base32 字符串（只能包含 A–Z 和 2–7）', 'The secret is not a valid Base32 string (only A–Z and 2–7)']);
    expect(c.exitCode()).toBe(1);
  });
});
