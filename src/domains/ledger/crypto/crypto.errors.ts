import { DomainError, defineErrors } from '../../../platform/errors';

/**
 * Errors of the evidence ledger's cryptographic building blocks (数据存证：签名注记、检查点、SM2/SM3).
 *
 * Malformed input is 400; a well-formed note or key that fails a cryptographic check is 422.
 * Params never carry key material: a signer key string is a secret, and error texts end up in logs.
 * Codes of a malformed note share the prefix `crypto.note.malformed` so callers can test the family.
 */
export const CryptoErrors = defineErrors({
  'crypto.hash.unsupported': {
    status: 400,
    zh: '不支持的哈希算法：{name}（可选 sha256、sm3）',
    en: 'Unsupported hash algorithm: {name} (use sha256 or sm3)',
  },

  // ── signed note (C2SP signed-note) ──
  'crypto.note.malformed.encoding': {
    status: 400,
    zh: '签名注记不是有效的 UTF-8 文本，或在第 {position} 个字节处含有换行以外的控制字符',
    en: 'The signed note is not valid UTF-8 or holds a control character other than newline at byte {position}',
  },
  'crypto.note.malformed.no_signatures': {
    status: 400,
    zh: '签名注记格式不正确：正文之后应有一个空行和至少一行以换行结尾的签名',
    en: 'The signed note is malformed: the text must be followed by a blank line and at least one signature line ending in a newline',
  },
  'crypto.note.malformed.signature_line': {
    status: 400,
    zh: '签名注记的第 {line} 行签名格式不正确（应为“— 密钥名 base64(密钥ID||签名)”）',
    en: 'Signature line {line} of the signed note is malformed (expected "— <key name> base64(key ID || signature)")',
  },
  'crypto.note.malformed.too_many_signatures': {
    status: 400,
    zh: '签名注记的签名超过 {limit} 个，拒绝处理',
    en: 'The signed note has more than {limit} signatures and is refused',
  },
  'crypto.note.text_invalid': {
    status: 400,
    zh: '待签名的正文不符合要求：须为 UTF-8、以换行结尾、除换行外不含控制字符',
    en: 'The text to sign is not acceptable: it must be UTF-8, end with a newline and hold no control characters other than newline',
  },
  'crypto.note.invalid_signature': {
    status: 422,
    zh: '密钥 {name}+{keyId} 的签名验证失败，整条注记不予采信',
    en: 'The signature by key {name}+{keyId} does not verify; the whole note is rejected',
  },
  'crypto.note.no_verifiable_signature': {
    status: 422,
    zh: '签名注记中没有任何一个签名来自已知密钥',
    en: 'The signed note has no signature from a known key',
  },
  'crypto.note.ambiguous_key': {
    status: 400,
    zh: '验证密钥列表中有多个密钥同名且密钥 ID 相同：{name}+{keyId}',
    en: 'The list of verifier keys holds more than one key named {name} with key ID {keyId}',
  },

  // ── note keys (Go x/mod note key strings) ──
  'crypto.key.malformed': {
    status: 400,
    zh: '密钥字符串格式不正确：{what}',
    en: 'The key string is malformed: {what}',
  },
  'crypto.key.invalid_name': {
    status: 400,
    zh: '密钥名不能为空，且不能含空白字符或“+”',
    en: 'A key name must be non-empty and must not contain white space or "+"',
  },
  'crypto.key.unsupported_type': {
    status: 400,
    zh: '不支持的签名类型 {type}',
    en: 'Unsupported signature type {type}',
  },
  'crypto.key.id_mismatch': {
    status: 400,
    zh: '密钥 {name} 标明的密钥 ID {stated} 与按公钥计算的 {computed} 不符',
    en: 'Key {name} states key ID {stated} but its public key gives {computed}',
  },
  'crypto.key.invalid_public_key': {
    status: 400,
    zh: '{algorithm} 公钥无效',
    en: 'The {algorithm} public key is not valid',
  },
  'crypto.key.invalid_private_key': {
    status: 400,
    zh: '{algorithm} 私钥无效',
    en: 'The {algorithm} private key is not valid',
  },

  // ── SM2 (GB/T 32918, GM/T 0003) ──
  'crypto.sm2.id_too_long': {
    status: 400,
    zh: 'SM2 用户标识过长（{length} 字节，上限 8191 字节）',
    en: 'The SM2 distinguishing ID is too long ({length} bytes; the limit is 8191)',
  },

  // ── checkpoint (C2SP tlog-checkpoint) ──
  'crypto.checkpoint.malformed.lines': {
    status: 400,
    zh: '检查点正文应至少有三行非空行（来源、树大小、根哈希）并以换行结尾',
    en: 'A checkpoint body needs at least three non-empty lines (origin, tree size, root hash) and must end with a newline',
  },
  'crypto.checkpoint.malformed.origin': {
    status: 400,
    zh: '检查点来源（origin）不能为空，且不能含空白字符或“+”',
    en: 'The checkpoint origin must be non-empty and must not contain white space or "+"',
  },
  'crypto.checkpoint.malformed.size': {
    status: 400,
    zh: '检查点的树大小应为不带前导零的十进制整数，且不超过 {max}',
    en: 'The checkpoint tree size must be a decimal integer without leading zeros, at most {max}',
  },
  'crypto.checkpoint.malformed.root': {
    status: 400,
    zh: '检查点的根哈希应为 {size} 字节的标准 base64 编码',
    en: 'The checkpoint root hash must be the standard base64 encoding of {size} bytes',
  },
  'crypto.checkpoint.malformed.extension': {
    status: 400,
    zh: '检查点的扩展行不能为空，也不能含换行或控制字符',
    en: 'A checkpoint extension line must be non-empty and hold no newline or control character',
  },
  'crypto.checkpoint.origin_mismatch': {
    status: 422,
    zh: '检查点来源为 {actual}，应为 {expected}',
    en: 'The checkpoint origin is {actual}; expected {expected}',
  },
});

export type CryptoErrorCode = keyof typeof CryptoErrors;

/** A DomainError with one of this module's codes (a typo in a code is a type error). */
export function cryptoError(code: CryptoErrorCode, params: Record<string, string | number> = {}, details?: unknown): DomainError {
  return new DomainError(code, params, details);
}
