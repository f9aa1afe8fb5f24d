import { DomainError, defineErrors } from '../../platform/errors';

/**
 * Errors of the evidence ledger (数据存证) service: appends, the integrator, keys, reads.
 * The Merkle layer (`merkle/merkle.errors.ts`) and the signature layer (`crypto/crypto.errors.ts`)
 * have their own codes.
 */
export const LedgerErrors = defineErrors({
  'ledger.entry_too_large': {
    status: 400,
    zh: '存证条目长 {length} 字节，超过上限 {limit} 字节',
    en: 'The ledger entry is {length} bytes long, more than the limit of {limit} bytes',
  },
  'ledger.entry_invalid': {
    status: 400,
    zh: '存证条目不符合格式：{reason}',
    en: 'The ledger entry does not follow its format: {reason}',
  },
  'ledger.personal_data': {
    status: 400,
    zh: '存证条目不得含有个人信息字段：{field}（只记录编号与摘要）',
    en: 'A ledger entry must not hold the personal-data field {field} (only ids and digests are recorded)',
  },
  'ledger.canonical_json': {
    status: 400,
    zh: '无法写成规范 JSON：{reason}',
    en: 'Cannot be written as canonical JSON: {reason}',
  },
  'ledger.entry_not_found': {
    status: 404,
    zh: '账本中没有序号为 {index} 的已发布条目（当前已签名的树大小为 {size}）',
    en: 'The ledger has no published entry {index} (the signed tree has {size} entries)',
  },
  'ledger.checkpoint_not_found': {
    status: 404,
    zh: '没有树大小为 {size} 的已签名检查点',
    en: 'There is no signed checkpoint for tree size {size}',
  },
  'ledger.tile_not_found': {
    status: 404,
    zh: '瓦片 {path} 不在已发布的树中（已签名的树大小为 {size}）',
    en: 'Tile {path} is beyond the published tree (the signed tree has {size} entries)',
  },
  'ledger.queue_entry_not_found': {
    status: 404,
    zh: '没有编号为 {queueId} 的排队存证条目（事务未提交或已回滚）',
    en: 'No queued ledger entry {queueId} exists (its transaction has not committed, or rolled back)',
  },
  'ledger.integration_timeout': {
    status: 503,
    zh: '存证条目 {queueId} 在 {ms} 毫秒内未完成上链排序，请稍后查询',
    en: 'Ledger entry {queueId} was not sequenced within {ms} ms; ask again later',
  },
  'ledger.inconsistent': {
    status: 500,
    zh: '账本状态与上一个已签名检查点不一致，已拒绝签名：{reason}',
    en: 'The ledger state is inconsistent with the last signed checkpoint; signing refused: {reason}',
  },
  'ledger.keys_invalid': {
    status: 500,
    zh: '账本签名密钥无效：{reason}',
    en: 'The ledger signing keys are invalid: {reason}',
  },
  'ledger.keys_mismatch': {
    status: 500,
    zh: '账本签名密钥与账本 {origin} 创建时登记的公钥不一致：请配置该账本的密钥（ZHIBAO_LEDGER_ED25519_SKEY、ZHIBAO_LEDGER_SM2_SKEY）',
    en: 'The ledger signing keys differ from the public keys registered when log {origin} was created: configure that log’s keys (ZHIBAO_LEDGER_ED25519_SKEY, ZHIBAO_LEDGER_SM2_SKEY)',
  },
  'ledger.config_mismatch': {
    status: 500,
    zh: '账本 {origin} 创建时的 {name} 为 {stored}，与配置的 {configured} 不同；该参数在账本创建后不能更改',
    en: 'Log {origin} was created with {name} {stored}, not the configured {configured}; it cannot change after creation',
  },
});

export type LedgerErrorCode = keyof typeof LedgerErrors;

export function ledgerError(code: LedgerErrorCode, params: Record<string, string | number> = {}, details?: unknown): DomainError {
  return new DomainError(code, params, details);
}
