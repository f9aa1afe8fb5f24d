import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerValidateCommands } from './validate';

function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const program = new Command().exitOverride();
  // Commander's own usage errors go to the same captured streams.
  program.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerValidateCommands(program, { out: (s) => out.push(s), err: (s) => err.push(s), setExitCode: (n) => (exitCode = n) });
  program.parse(args, { from: 'user' });
  return { out, err, exitCode };
}

describe('zhibao validate', () => {
  it('prints the normalized unified social credit code and keeps exit code 0', () => {
    expect(run('validate', 'uscc', ' 91350503ma31dky80a ')).toEqual({ out: ['91350503MA31DKY80A'], err: [], exitCode: 0 });
  });

  it('prints the 18-digit form of a 15-digit resident ID number', () => {
    expect(run('validate', 'id', '110105491231002')).toEqual({ out: ['11010519491231002X'], err: [], exitCode: 0 });
  });

  it('prints a patent application number without prefix, spaces or full-width characters', () => {
    expect(run('validate', 'patent', 'ZL2013106997442').out).toEqual(['201310699744.2']);
    expect(run('validate', 'patent', 'ＣＮ ２０２１ １ ０１２３４５６．７').out).toEqual(['202110123456.7']);
    expect(run('validate', 'patent', 'pct/cn2021/123456').out).toEqual(['PCT/CN2021/123456']);
  });

  it('prints trademark numbers and Nice classes', () => {
    expect(run('validate', 'trademark', '１２３４５６７８')).toEqual({ out: ['12345678'], err: [], exitCode: 0 });
    expect(run('validate', 'nice', '09')).toEqual({ out: ['9'], err: [], exitCode: 0 });
  });

  it('explains a wrong check character in Chinese and English and sets exit code 1', () => {
    expect(run('validate', 'uscc', '91350200776049653B')).toEqual({
      out: [],
      err: [
        '统一社会信用代码校验位（第 18 位）应为 A，实际为 B；请核对各位是否有输错的字符',
        'The check character (character 18) of the unified social credit code should be A but is B; please look for a mistyped character',
      ],
      exitCode: 1,
    });
  });

  it.each([
    ['id', '110105194912310021', '居民身份证号码校验位（第 18 位）应为 X，实际为 1'],
    ['patent', 'CN202110123456.8', '专利申请号校验位应为 7，实际为 8'],
    ['patent', 'CN1340998A', '这是专利公开号或授权公告号'],
    ['trademark', '123456789', '商标注册号应为 1–8 位数字，实际为 9 位'],
    ['nice', '46', '尼斯分类类别 46 不存在'],
  ])('rejects the %s %s with a reason in both languages and exit code 1', (kind, value, zh) => {
    const r = run('validate', kind, value);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(2);
    expect(r.err[0]).toContain(zh);
    expect(r.err[1]).toMatch(/^[A-Z]/);
    expect(r.err[1]).not.toMatch(/[\u4e00-\u9fff]/);
    expect(r.exitCode).toBe(1);
  });

  it('accepts a longer trademark number when --max-length is raised', () => {
    expect(run('validate', 'trademark', '--max-length', '10', '1234567890')).toEqual({ out: ['1234567890'], err: [], exitCode: 0 });
  });

  it('refuses a --max-length that is not a positive whole number', () => {
    expect(() => run('validate', 'trademark', '--max-length', '0', '1')).toThrow(CommanderError);
  });

  it('prints the code of an unknown department together with a warning, keeping exit code 0', () => {
    // A1310101MA1FL000 + its GB 11714 and GB 32100 check characters.
    const r = run('validate', 'uscc', 'A1310101MA1FL0007Y');
    expect(r.out).toEqual(['A1310101MA1FL0007Y']);
    expect(r.err).toEqual([
      '警告：登记管理部门码“A”不在已知列表中（1 机构编制、5 民政、9 工商、Y 其他），请核实',
      'Warning: The registration department code "A" is not a known one (1 establishment office, 5 civil affairs, 9 market regulation, Y other); please verify',
    ]);
    expect(r.exitCode).toBe(0);
  });

  it('lets commander report a missing argument', () => {
    let thrown: unknown;
    try {
      run('validate', 'patent');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CommanderError);
    expect((thrown as CommanderError).code).toBe('commander.missingArgument');
  });
});
