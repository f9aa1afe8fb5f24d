import { defineErrors } from '../../../platform/errors';

/**
 * Why a step of receipt verification failed (存证凭证核验). The CLI prints these in Chinese and
 * English, the public page in the chosen language (both through `errorText`). A step that failed
 * inside a lower layer also carries that layer's code as `cause` (merkle.*, crypto.*, tsa.*).
 * Status 422: the input was read but does not verify; exit code 1.
 */
export const VerifyErrors = defineErrors({
  'verify.unexpected': {
    status: 500,
    zh: '核验时发生意外错误：{reason}',
    en: 'Verification failed unexpectedly: {reason}',
  },
  'verify.receipt_not_json': {
    status: 400,
    zh: '凭证文件不是有效的 JSON：{reason}',
    en: 'The receipt file is not valid JSON: {reason}',
  },
  'verify.receipt_invalid': {
    status: 400,
    zh: '凭证格式不符合 zhibao.evidence-receipt/1：{summary}',
    en: 'The receipt does not follow zhibao.evidence-receipt/1: {summary}',
  },
  'verify.not_checked': {
    status: 422,
    zh: '前面的步骤失败，此项无法检查',
    en: 'Not checked because an earlier step failed',
  },
  'verify.file_not_given': {
    status: 422,
    zh: '未提供文件，未比对文件本身；其余各项只证明凭证本身有效',
    en: 'No file was given, so the file itself was not compared; the other steps only show that the receipt is genuine',
  },
  'verify.file_size_mismatch': {
    status: 422,
    zh: '文件大小为 {actual} 字节，凭证记载为 {expected} 字节：不是同一个文件',
    en: 'The file is {actual} bytes long, the receipt says {expected}: it is not the same file',
  },
  'verify.file_sha256_mismatch': {
    status: 422,
    zh: '文件的 SHA-256 为 {actual}，凭证记载为 {expected}：文件已被修改或不是同一个文件',
    en: 'The SHA-256 of the file is {actual}, the receipt says {expected}: the file was changed or is another file',
  },
  'verify.file_sm3_mismatch': {
    status: 422,
    zh: '文件的 SM3 为 {actual}，凭证记载为 {expected}：文件已被修改或不是同一个文件',
    en: 'The SM3 of the file is {actual}, the receipt says {expected}: the file was changed or is another file',
  },
  'verify.entry_invalid': {
    status: 422,
    zh: '账本条目无法解读为存证条目（evidence.preserved）：{reason}',
    en: 'The ledger entry is not a valid evidence entry (evidence.preserved): {reason}',
  },
  'verify.entry_mismatch': {
    status: 422,
    zh: '账本条目中的 {field} 为 {entry}，凭证记载为 {receipt}',
    en: 'The ledger entry has {field} = {entry}, the receipt says {receipt}',
  },
  'verify.leaf_hash_mismatch': {
    status: 422,
    zh: '条目的叶子哈希计算结果为 {actual}，凭证记载为 {expected}',
    en: 'The leaf hash of the entry is {actual}, the receipt says {expected}',
  },
  'verify.proof_invalid': {
    status: 422,
    zh: '包含证明（tlog-proof）无法解析',
    en: 'The inclusion proof (tlog-proof) cannot be read',
  },
  'verify.index_mismatch': {
    status: 422,
    zh: '包含证明针对第 {proof} 号条目，凭证记载为第 {receipt} 号',
    en: 'The inclusion proof is for entry {proof}, the receipt says entry {receipt}',
  },
  'verify.inclusion_failed': {
    status: 422,
    zh: '包含证明不成立：条目不在该检查点所代表的账本中',
    en: 'The inclusion proof does not hold: the entry is not in the log the checkpoint stands for',
  },
  'verify.checkpoint_invalid': {
    status: 422,
    zh: '检查点无法解析',
    en: 'The checkpoint cannot be read',
  },
  'verify.origin_mismatch': {
    status: 422,
    zh: '检查点属于账本 {actual}，凭证记载为 {expected}',
    en: 'The checkpoint belongs to the log {actual}, the receipt says {expected}',
  },
  'verify.key_invalid': {
    status: 422,
    zh: '验证公钥 {key} 无效',
    en: 'The verifier key {key} is not valid',
  },
  'verify.key_missing': {
    status: 422,
    zh: '没有 {algorithm} 验证公钥，无法检查该签名（账本须同时有 Ed25519 和 SM2 签名）',
    en: 'There is no {algorithm} verifier key, so this signature cannot be checked (the log signs with both Ed25519 and SM2)',
  },
  'verify.signature_missing': {
    status: 422,
    zh: '检查点没有公钥 {name}（{keyId}）的 {algorithm} 签名',
    en: 'The checkpoint has no {algorithm} signature by the key {name} ({keyId})',
  },
  'verify.signature_invalid': {
    status: 422,
    zh: '检查点上公钥 {name}（{keyId}）的 {algorithm} 签名无效：检查点被篡改或不是该公钥签署',
    en: 'The {algorithm} signature by the key {name} ({keyId}) on the checkpoint is not valid: the checkpoint was altered or not signed by that key',
  },
  'verify.timestamp_invalid': {
    status: 422,
    zh: '时间戳令牌验证失败',
    en: 'The timestamp token does not verify',
  },
  'verify.tsa_ca_invalid': {
    status: 400,
    zh: '给定的时间戳机构 CA 证书无法读取',
    en: 'The TSA CA certificate given cannot be read',
  },
  'verify.tsa_certificate_mismatch': {
    status: 422,
    zh: '凭证所列的第一张证书不是签发该时间戳的证书（签发者为 {subject}）',
    en: 'The first certificate in the receipt is not the one that signed the timestamp (signed by {subject})',
  },
  'verify.token_digest_mismatch': {
    status: 422,
    zh: '时间戳令牌的 SHA-256 为 {actual}，账本条目记载为 {expected}：令牌不是账本所记录的那一个',
    en: 'The SHA-256 of the timestamp token is {actual}, the ledger entry records {expected}: it is not the token the log recorded',
  },
  'verify.gentime_mismatch_entry': {
    status: 422,
    zh: '时间戳令牌的时间为 {token}，账本条目记载为 {stated}',
    en: 'The timestamp token says {token}, the ledger entry says {stated}',
  },
  'verify.gentime_mismatch_receipt': {
    status: 422,
    zh: '时间戳令牌的时间为 {token}，凭证记载为 {stated}',
    en: 'The timestamp token says {token}, the receipt says {stated}',
  },
});
export type VerifyErrorCode = keyof typeof VerifyErrors;
