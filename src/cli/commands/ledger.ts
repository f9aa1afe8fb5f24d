/**
 * `zhibao ledger …`: verification anyone can do, with no server and no database.
 *
 *   verify-receipt <receipt.json> [file]   every step of an evidence receipt (THE verifier of
 *                                          src/domains/ledger/verify, shared with the /verify page)
 *   verify-inclusion / verify-consistency  one RFC 9162 proof from its parts
 *   build                                  a log from raw entries and its signed checkpoint
 *
 * Exit codes: 0 only when everything verifies; 1 when something does not verify or the input
 * is refused (usage, unreadable file, bad key); 2 for an unexpected failure. `verify-receipt`
 * without the file exits 0 when every other step passes, and says that the file was not compared.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DomainError, errorText } from '../../platform/errors';
import { fromBase64 } from '../../domains/ledger/crypto/bytes';
import { createNoteSigner } from '../../domains/ledger/crypto/note';
import { merkleHasher, type HashName } from '../../domains/ledger/merkle/hasher';
import { verifyConsistency, verifyInclusion, type MerkleCheck } from '../../domains/ledger/merkle/proofs';
import { buildLog, readEntriesFile } from '../../domains/ledger/verify/build-log';
import { digestChunks } from '../../domains/ledger/verify/file-digests';
import { verifyReceipt, type ReceiptVerification, type StepId, type VerifyStep } from '../../domains/ledger/verify/verify-receipt';
import { say, guard, type CliRuntime } from '../runtime';
import '../cli.errors';

/** Step titles, Chinese and English (the page has its own i18n keys for the same steps). */
export const STEP_TITLES: Record<StepId, { zh: string; en: string }> = {
  receipt: { zh: '凭证格式', en: 'Receipt format' },
  file: { zh: '文件哈希（SHA-256 与 SM3）', en: 'File hashes (SHA-256 and SM3)' },
  entry: { zh: '账本条目', en: 'Ledger entry' },
  leaf: { zh: '叶子哈希', en: 'Leaf hash' },
  inclusion: { zh: '包含证明', en: 'Inclusion proof' },
  checkpoint: { zh: '检查点与验证公钥', en: 'Checkpoint and verifier keys' },
  ed25519: { zh: '检查点 Ed25519 签名', en: 'Checkpoint Ed25519 signature' },
  sm2: { zh: '检查点 SM2 签名（GM/T 0003，ID 1234567812345678）', en: 'Checkpoint SM2 signature (GM/T 0003, ID 1234567812345678)' },
  timestamp: { zh: 'RFC 3161 时间戳令牌', en: 'RFC 3161 timestamp token' },
  'timestamp-binding': { zh: '时间戳与账本条目的绑定', en: 'Timestamp bound to the ledger entry' },
};

const MARK = { pass: '✓', fail: '✗', skip: '–' } as const;

function parseHash(value: string): HashName {
  if (value !== 'sha256' && value !== 'sm3') throw new InvalidArgumentError('应为 sha256 或 sm3 / must be sha256 or sm3');
  return value;
}

/** A decimal count. Values beyond 2^53 − 1 pass through as numbers so the verifier reports them (merkle.number_invalid). */
function parseCount(value: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(value)) throw new InvalidArgumentError('应为非负整数 / must be a non-negative whole number');
  return Number(value);
}

function parseBase64(value: string): Uint8Array {
  const bytes = value === '' ? new Uint8Array(0) : fromBase64(value);
  if (!bytes) throw new InvalidArgumentError('应为标准 base64 / must be standard base64');
  return bytes;
}

/** Comma-separated base64 hashes; '' is no hash at all, an empty item between commas a zero-length (so invalid) hash. */
function parseBase64List(value: string): Uint8Array[] {
  if (value.trim() === '') return [];
  return value.split(',').map((v) => parseBase64(v.trim()));
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function readFileOrFail(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new DomainError('cli.file_unreadable', { file, reason });
  }
}

/** Each `--key` is a key string, or a file holding key strings one per line. */
function keyStrings(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const isFile = !v.includes('+') || existsSync(v);
    if (isFile) {
      const text = readFileOrFail(v).toString('utf8');
      out.push(...text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean));
    } else {
      out.push(v.trim());
    }
  }
  return out;
}

function reportCheck(rt: CliRuntime, check: MerkleCheck, zh: string, en: string): void {
  if (check.ok) {
    say(rt.io.out, `✓ ${zh}`, `✓ ${en}`);
    return;
  }
  say(rt.io.out, `✗ ${errorText(check.code, 'zh-CN', check.params)}`, `✗ ${errorText(check.code, 'en', check.params)}`);
  rt.io.setExitCode(1);
}

function detailLines(step: VerifyStep): string[] {
  return Object.entries(step.details).map(([k, v]) => `      ${k}: ${Array.isArray(v) ? v.join('; ') : String(v)}`);
}

export function printVerification(rt: CliRuntime, v: ReceiptVerification, receiptFile: string, file: string | undefined): void {
  const out = rt.io.out;
  say(out, `核验存证凭证 ${receiptFile}${file ? `，文件 ${file}` : ''}`, `Verifying the evidence receipt ${receiptFile}${file ? ` against the file ${file}` : ''}`);
  out('');
  v.steps.forEach((s, i) => {
    const t = STEP_TITLES[s.id];
    const status = { pass: ['通过', 'passed'], fail: ['未通过', 'FAILED'], skip: ['未检查', 'not checked'] }[s.status];
    out(`${MARK[s.status]} ${i + 1}. ${t.zh} / ${t.en}: ${status[0]} / ${status[1]}`);
    if (s.code) {
      out(`      ${errorText(s.code, 'zh-CN', s.params)}`);
      out(`      ${errorText(s.code, 'en', s.params)}`);
    }
    if (s.cause) {
      out(`      原因：${errorText(s.cause.code, 'zh-CN', s.cause.params)}`);
      out(`      Cause: ${errorText(s.cause.code, 'en', s.cause.params)}`);
    }
    for (const line of detailLines(s)) out(line);
  });
  out('');
  const issuer = v.receipt?.issuer ?? '<issuer>';
  if (v.trust.keys === 'receipt') {
    say(
      out,
      `注意：检查点是用凭证自带的验证公钥核验的。请将上面列出的公钥与账本公布的公钥（${issuer}/api/ledger/vkeys）比对，或用 --key 指定公布的公钥。`,
      `Note: the checkpoint was checked with the keys taken from the receipt — compare them with the keys the log publishes at ${issuer}/api/ledger/vkeys, or pin those with --key.`,
    );
  }
  if (v.trust.tsa === 'receipt') {
    say(
      out,
      '注意：时间戳证书链是按凭证自带的 CA 证书核验的。请用 --tsa-ca 指定可信的时间戳机构 CA 证书。',
      'Note: the timestamp certificate chain was checked against the CA certificate in the receipt — pin the trusted TSA CA with --tsa-ca.',
    );
  }
  if (v.verdict === 'verified') say(out, '结论：全部核验通过。', 'Verdict: everything verifies.');
  else if (v.verdict === 'verified_without_file') {
    say(
      out,
      '结论：凭证本身核验通过，但未提供文件，文件本身未比对。请同时提供文件再核验一次。',
      'Verdict: the receipt itself verifies, but no file was given, so the file itself was NOT compared. Verify again with the file.',
    );
  } else say(out, '结论：核验未通过（见上面标记 ✗ 的步骤）。', 'Verdict: verification FAILED (see the steps marked ✗).');
}

/** SHA-256 and SM3 of the file, streamed (the same pure code as the page). */
async function fileDigests(file: string) {
  try {
    if (!statSync(file).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    return await digestChunks(createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new DomainError('cli.file_unreadable', { file, reason });
  }
}

export function registerLedgerCommands(program: Command, rt: CliRuntime): void {
  const ledger = program
    .command('ledger')
    .description('存证账本离线核验（无需服务器）/ verify evidence receipts and ledger proofs offline (no server needed)');

  ledger
    .command('verify-receipt <receipt> [file]')
    .description('核验存证凭证（可附文件）/ verify an evidence receipt, and the file when given')
    .option('--key <vkey-or-file>', '账本公布的验证公钥（可重复，或一行一个的文件）/ the log\'s published verifier key (repeatable, or a file with one per line)', collect)
    .option('--tsa-ca <pem-file>', '可信的时间戳机构 CA 证书 / the trusted TSA CA certificate (PEM file)')
    .option('--json', '以 JSON 输出每一步 / print the steps as JSON')
    .action(
      guard(rt, async (receiptFile: string, file: string | undefined, opts: { key?: string[]; tsaCa?: string; json?: boolean }) => {
        const receiptText = readFileOrFail(receiptFile).toString('utf8');
        const keys = opts.key ? keyStrings(opts.key) : undefined;
        const tsaCaPem = opts.tsaCa ? readFileOrFail(opts.tsaCa).toString('utf8') : undefined;
        const digests = file ? await fileDigests(file) : undefined;
        const v = await verifyReceipt(receiptText, { ...(digests ? { file: digests } : {}), ...(keys ? { keys } : {}), ...(tsaCaPem ? { tsaCaPem } : {}) });
        if (opts.json) {
          const { receipt: _receipt, ...rest } = v;
          const withTexts = {
            ...rest,
            steps: v.steps.map((s) => ({
              ...s,
              ...(s.code ? { message: { 'zh-CN': errorText(s.code, 'zh-CN', s.params), en: errorText(s.code, 'en', s.params) } } : {}),
            })),
          };
          rt.io.out(JSON.stringify(withTexts, null, 2));
        } else {
          printVerification(rt, v, receiptFile, file);
        }
        rt.io.setExitCode(v.ok ? 0 : 1);
      }),
    );

  ledger
    .command('verify-inclusion')
    .description('核验包含证明（RFC 9162 §2.1.3.2）/ verify an inclusion proof (RFC 9162 §2.1.3.2)')
    .addOption(new Option('--hash <name>', '哈希算法 / hash: sha256 or sm3').default('sha256').argParser(parseHash))
    .requiredOption('--leaf-hash <b64>', '叶子哈希 H(0x00||条目) / leaf hash, base64', parseBase64)
    .requiredOption('--index <i>', '叶子序号（从 0 起）/ leaf index (0-based)', parseCount)
    .requiredOption('--size <n>', '树的大小 / tree size', parseCount)
    .requiredOption('--root <b64>', '树根哈希 / root hash, base64', parseBase64)
    .option('--proof <b64,...>', '证明哈希，逗号分隔，可为空 / proof hashes, comma-separated, may be empty', parseBase64List, [])
    .action(
      guard(rt, (opts: { hash: HashName; leafHash: Uint8Array; index: number; size: number; root: Uint8Array; proof: Uint8Array[] }) => {
        const check = verifyInclusion(merkleHasher(opts.hash), opts.index, opts.size, opts.leafHash, opts.proof, opts.root);
        reportCheck(rt, check, `包含证明成立：第 ${opts.index} 号叶子在大小为 ${opts.size} 的树中`, `Inclusion verified: leaf ${opts.index} is in the tree of size ${opts.size}`);
      }),
    );

  ledger
    .command('verify-consistency')
    .description('核验一致性证明（RFC 9162 §2.1.4.2）/ verify a consistency proof (RFC 9162 §2.1.4.2)')
    .addOption(new Option('--hash <name>', '哈希算法 / hash: sha256 or sm3').default('sha256').argParser(parseHash))
    .requiredOption('--size1 <n>', '旧树大小 / old tree size', parseCount)
    .requiredOption('--size2 <n>', '新树大小 / new tree size', parseCount)
    .requiredOption('--root1 <b64>', '旧树根 / old root, base64', parseBase64)
    .requiredOption('--root2 <b64>', '新树根 / new root, base64', parseBase64)
    .option('--proof <b64,...>', '证明哈希，逗号分隔，可为空 / proof hashes, comma-separated, may be empty', parseBase64List, [])
    .action(
      guard(rt, (opts: { hash: HashName; size1: number; size2: number; root1: Uint8Array; root2: Uint8Array; proof: Uint8Array[] }) => {
        const check = verifyConsistency(merkleHasher(opts.hash), opts.size1, opts.size2, opts.proof, opts.root1, opts.root2);
        reportCheck(
          rt,
          check,
          `一致性证明成立：大小为 ${opts.size2} 的树是大小为 ${opts.size1} 的树的延续`,
          `Consistency verified: the tree of size ${opts.size2} extends the tree of size ${opts.size1}`,
        );
      }),
    );

  ledger
    .command('build <entries-file>')
    .description(
      '由原始条目（uint16 大端长度前缀，同 tlog-tiles 条目包）构建账本并输出签名检查点 / build a log from raw entries (uint16 big-endian length-prefixed, as in tlog-tiles entry bundles) and print its signed checkpoint',
    )
    .requiredOption('--origin <origin>', '账本标识 / the log origin (checkpoint first line)')
    .requiredOption('--key <skey-file>', '签名私钥文件（Go note 格式，Ed25519 或 SM2；可重复）/ signer key file (Go note PRIVATE+KEY+…, Ed25519 or SM2; repeatable)', collect)
    .addOption(new Option('--hash <name>', '哈希算法 / hash: sha256 or sm3').default('sha256').argParser(parseHash))
    .action(
      guard(rt, (entriesFile: string, opts: { origin: string; key: string[]; hash: HashName }) => {
        const signers = opts.key.flatMap((file) => {
          const lines = readFileOrFail(file)
            .toString('utf8')
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean);
          if (lines.length === 0) throw new DomainError('crypto.key.malformed', { what: `the file ${file} holds no key` });
          return lines.map((skey) => createNoteSigner(skey));
        });
        const entries = readEntriesFile(readFileOrFail(entriesFile));
        const log = buildLog(entries, opts.hash);
        if (log.size === 0) {
          say(
            rt.io.err,
            '注意：条目文件为空，检查点的大小为 0，树根为空树的哈希 H("")（C2SP tlog-checkpoint 允许）。',
            'Note: the entries file is empty; the checkpoint has size 0 and the root of the empty tree, H("") (allowed by C2SP tlog-checkpoint).',
          );
        }
        rt.io.stdout.write(log.signedCheckpoint(opts.origin, signers));
      }),
    );
}
