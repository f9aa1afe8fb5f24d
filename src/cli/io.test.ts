import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../platform/config';
import { DataDirLockedError } from '../platform/db/data-dir-lock';
import { DomainError } from '../platform/errors';
import { describeFailure, RemoteProblem } from './io';

describe('failures on the command line', () => {
  it('prints a domain error in Chinese then English with its exit code', () => {
    expect(describeFailure(new DomainError('cli.org_not_found', { code: 'sh-nowhere' }))).toEqual({
      lines: ['没有代码为 sh-nowhere 的机构', 'There is no organisation with the code sh-nowhere'],
      exitCode: 1,
    });
  });

  it('gives exit code 2 when the system, not the request, failed', () => {
    const r = describeFailure(new DomainError('cli.server_unreachable', { baseUrl: 'http://localhost:3000', dataDir: '/d', pid: 7, reason: 'ECONNREFUSED' }));
    expect(r.exitCode).toBe(2);
    expect(r.lines[1]).toContain('cannot be reached (ECONNREFUSED)');
  });

  it('shows a problem answered by the server in its own words, with the exit code of its status', () => {
    expect(describeFailure(new RemoteProblem('auth.scope_missing', 403, { 'zh-CN': '令牌缺少所需权限范围：orgs:write', en: 'The token lacks the required scope: orgs:write' }))).toEqual({
      lines: ['令牌缺少所需权限范围：orgs:write', 'The token lacks the required scope: orgs:write'],
      exitCode: 1,
    });
    expect(describeFailure(new RemoteProblem('some.future_code', 503, { 'zh-CN': '暂不可用', en: 'Unavailable' })).exitCode).toBe(2);
  });

  it('summarises invalid input field by field in both languages', () => {
    const error = z.object({ '--name': z.string().min(2) }).safeParse({ '--name': 'x' }).error!;
    expect(describeFailure(error)).toEqual({
      lines: ['提交的内容有误：--name 至少 2 个字符', 'The request is not valid: --name must be at least 2 characters'],
      exitCode: 1,
    });
  });

  it('passes on configuration and data-directory messages, which hold both languages already', () => {
    expect(describeFailure(new ConfigError('配置无效 / invalid configuration:\n  PORT: too big'))).toEqual({
      lines: ['配置无效 / invalid configuration:', '  PORT: too big'],
      exitCode: 1,
    });
    const locked = describeFailure(new DataDirLockedError('/srv/zhibao', 99));
    expect(locked.exitCode).toBe(1);
    expect(locked.lines.join('\n')).toMatch(/正被进程 99 使用[\s\S]*held by process 99/);
  });

  it('reports an unexpected error with exit code 2 and shows the stack only with --debug', () => {
    const plain = describeFailure(new TypeError('x is undefined'));
    expect(plain.exitCode).toBe(2);
    expect(plain.lines[0]).toBe('命令意外失败：x is undefined');
    expect(plain.lines[1]).toBe('The command failed unexpectedly: x is undefined');
    expect(plain.lines.join('\n')).not.toContain('at ');
    expect(plain.lines[2]).toContain('--debug');
    expect(describeFailure(new TypeError('x is undefined'), true).lines[2]).toMatch(/^TypeError: x is undefined\n\s+at /);
  });
});
