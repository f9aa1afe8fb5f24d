/**
 * `zhibao validate <kind> <value>`: checks an identifier with the same rules as the web forms
 * and the services (src/platform/ids, domain/rules.md §10).
 *
 * On success the normalized form is the only thing on stdout, so scripts can use it
 * (`$(zhibao validate patent "zl 2013106997442")` gives 201310699744.2); reasons and warnings go
 * to stderr in Chinese and English.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { errorText, exitCodeFor } from '../../platform/errors';
import { checkIdentifier, type CheckIdentifierOptions, type IdentifierKind } from '../../platform/ids';

export interface ValidateIo {
  /** One line of standard output (no trailing newline). */
  out: (s: string) => void;
  /** One line of standard error (no trailing newline). */
  err: (s: string) => void;
  setExitCode: (n: number) => void;
}

const SUBCOMMANDS: ReadonlyArray<{ kind: IdentifierKind; usage: string; description: string }> = [
  { kind: 'uscc', usage: 'uscc <code>', description: '统一社会信用代码 / unified social credit code (GB 32100)' },
  {
    kind: 'id',
    usage: 'id <number>',
    description: '居民身份证号码 / resident ID number (GB 11643); 15-digit numbers are upgraded to 18',
  },
  {
    kind: 'patent',
    usage: 'patent <number>',
    description: '专利申请号 / patent application number (ZC 0006-2003), optional CN/ZL prefix, or PCT/CN…',
  },
  { kind: 'trademark', usage: 'trademark <number>', description: '商标注册号 / trademark registration number' },
  { kind: 'nice', usage: 'nice <class>', description: '尼斯分类类别 / Nice class (1–45)' },
  { kind: 'dataip', usage: 'dataip <number>', description: '数据知识产权登记号 / data-IP registration number (16 characters, ISO 7064 MOD 37,36 check)' },
  { kind: 'dataipcert', usage: 'dataipcert <number>', description: '数据知识产权登记证书编号 / data-IP certificate number (17 digits)' },
];

export function registerValidateCommands(program: Command, io: ValidateIo): void {
  const validate = program
    .command('validate')
    .description('校验标识号码并输出规范形式 / check an identifier and print its normalized form');

  for (const { kind, usage, description } of SUBCOMMANDS) {
    const command = validate.command(usage).description(description);
    if (kind === 'trademark') {
      command.option('--max-length <digits>', '最大位数 / longest accepted number of digits (default 8)', parsePositiveInteger);
    }
    command.action((value: string, options: { maxLength?: number }) => {
      const opts: CheckIdentifierOptions = { trademarkMaxLength: options.maxLength };
      const result = checkIdentifier(kind, value, opts);
      if (!result.ok) {
        io.err(errorText(result.code, 'zh-CN', result.params));
        io.err(errorText(result.code, 'en', result.params));
        io.setExitCode(exitCodeFor(result.code));
        return;
      }
      io.out(result.normalized);
      const warnings = 'warnings' in result.info ? result.info.warnings : [];
      for (const w of warnings) {
        io.err(`警告：${errorText(w.code, 'zh-CN', w.params)}`);
        io.err(`Warning: ${errorText(w.code, 'en', w.params)}`);
      }
    });
  }
}

function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('应为正整数 / must be a positive whole number');
  return n;
}
