import { DomainError, defineErrors } from '../../../platform/errors';

/**
 * Errors of the Merkle-tree layer of the evidence ledger (数据存证).
 *
 * Proof checks are 400 when the input is malformed (wrong sizes, wrong lengths, indexes out of
 * range) and 422 when a well-formed proof simply does not prove the claim (a root mismatch).
 * Missing nodes and a node source that answers the wrong number of hashes are 500: the stored
 * tree is the platform's own. A tile of the wrong length is 502: tiles usually come from another
 * log's server.
 */
export const MerkleErrors = defineErrors({
  'merkle.hash_unsupported': {
    status: 400,
    zh: '不支持的哈希算法：{name}（只支持 sha256 和 sm3）',
    en: 'Unsupported hash algorithm: {name} (only sha256 and sm3 are supported)',
  },
  'merkle.number_invalid': {
    status: 400,
    zh: '{name} 应为 0 到 9007199254740991 之间的整数，实际为 {value}',
    en: '{name} must be an integer from 0 to 9007199254740991; got {value}',
  },
  'merkle.index_out_of_range': {
    status: 400,
    zh: '叶子序号 {index} 超出范围：树中只有 {size} 个叶子',
    en: 'Leaf index {index} is out of range for a tree of size {size}',
  },
  'merkle.leaf_hash_size': {
    status: 400,
    zh: '叶子哈希应为 {expected} 字节，实际为 {actual} 字节',
    en: 'The leaf hash must be {expected} bytes; it is {actual} bytes',
  },
  'merkle.root_hash_size': {
    status: 400,
    zh: '根哈希 {name} 应为 {expected} 字节，实际为 {actual} 字节',
    en: 'The root hash {name} must be {expected} bytes; it is {actual} bytes',
  },
  'merkle.proof_hash_size': {
    status: 400,
    zh: '证明中的第 {position} 个哈希应为 {expected} 字节，实际为 {actual} 字节',
    en: 'Hash {position} of the proof must be {expected} bytes; it is {actual} bytes',
  },
  'merkle.proof_length': {
    status: 400,
    zh: '证明应包含 {expected} 个哈希，实际为 {actual} 个',
    en: 'The proof must hold {expected} hashes; it holds {actual}',
  },
  'merkle.size_order': {
    status: 400,
    zh: '新树的大小 {size2} 小于旧树的大小 {size1}',
    en: 'The new tree size {size2} is smaller than the old tree size {size1}',
  },
  'merkle.consistency_from_empty': {
    status: 400,
    zh: '旧树大小为 0：从空树出发的一致性证明没有意义',
    en: 'The old tree size is 0: a consistency proof from the empty tree is meaningless',
  },
  'merkle.root_mismatch': {
    status: 422,
    zh: '由证明计算出的根哈希与给定的根哈希不一致，证明不成立',
    en: 'The root hash computed from the proof differs from the given root hash; the proof fails',
  },
  'merkle.old_root_mismatch': {
    status: 422,
    zh: '由一致性证明计算出的旧树根哈希与给定的旧根哈希不一致，证明不成立',
    en: 'The old root hash computed from the consistency proof differs from the given old root; the proof fails',
  },
  'merkle.node_missing': {
    status: 500,
    zh: '默克尔树缺少节点（第 {level} 层，序号 {index}）',
    en: 'The Merkle tree has no node at level {level}, index {index}',
  },
  'merkle.node_hash_size': {
    status: 500,
    zh: '默克尔树节点哈希应为 {expected} 字节，实际为 {actual} 字节',
    en: 'A Merkle tree node hash must be {expected} bytes; it is {actual} bytes',
  },
  'merkle.node_source_count': {
    status: 500,
    zh: '节点来源返回了 {actual} 个哈希，应为 {expected} 个',
    en: 'The node source returned {actual} hashes instead of {expected}',
  },
  'merkle.compact_range_invalid': {
    status: 500,
    zh: '保存的日志右边界状态（紧凑范围）无效，无法继续追加',
    en: 'The saved right border of the log (compact range) is invalid; appending cannot resume',
  },
  'merkle.tile_path_invalid': {
    status: 400,
    zh: '瓦片路径无效：{path}（应为 tile/<层>/<序号>[.p/<宽度>] 或 tile/entries/<序号>[.p/<宽度>]）',
    en: 'Invalid tile path: {path} (expected tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>])',
  },
  'merkle.tile_invalid': {
    status: 502,
    zh: '瓦片 {path} 长度为 {actual} 字节，应为 {expected} 字节',
    en: 'Tile {path} is {actual} bytes long; it should be {expected} bytes',
  },
  'merkle.tile_missing': {
    status: 404,
    zh: '没有找到瓦片 {path}',
    en: 'Tile {path} was not found',
  },
  'merkle.tile_source_count': {
    status: 500,
    zh: '瓦片来源返回了 {actual} 个瓦片，应为 {expected} 个',
    en: 'The tile source returned {actual} tiles instead of {expected}',
  },
  'merkle.entry_too_large': {
    status: 400,
    zh: '第 {position} 个条目长 {length} 字节，超过条目包允许的 65535 字节',
    en: 'Entry {position} is {length} bytes long, more than the 65535 bytes an entry bundle allows',
  },
  'merkle.entry_bundle_truncated': {
    status: 400,
    zh: '条目包格式错误：第 {position} 个条目（偏移 {offset}）被截断',
    en: 'Malformed entry bundle: entry {position} (at byte {offset}) is truncated',
  },
  'merkle.entry_bundle_count': {
    status: 400,
    zh: '条目包中有 {actual} 个条目，应为 {expected} 个',
    en: 'The entry bundle holds {actual} entries instead of {expected}',
  },
  'merkle.tlog_proof_header': {
    status: 400,
    zh: '离线证明的第一行应为 c2sp.org/tlog-proof@v1',
    en: 'The first line of an offline proof must be c2sp.org/tlog-proof@v1',
  },
  'merkle.tlog_proof_extra': {
    status: 400,
    zh: '离线证明的 extra 行不是标准 base64',
    en: 'The extra line of the offline proof is not standard base64',
  },
  'merkle.tlog_proof_index': {
    status: 400,
    zh: '离线证明缺少 index 行，或序号不是无前导零的十进制数',
    en: 'The offline proof lacks its index line, or the index is not a decimal without leading zeros',
  },
  'merkle.tlog_proof_hash': {
    status: 400,
    zh: '离线证明第 {line} 行不是 {expected} 字节哈希的标准 base64',
    en: 'Line {line} of the offline proof is not the standard base64 of a {expected}-byte hash',
  },
  'merkle.tlog_proof_checkpoint': {
    status: 400,
    zh: '离线证明缺少检查点：证明哈希之后应有一个空行，然后是检查点原文',
    en: 'The offline proof lacks its checkpoint: the proof hashes must be followed by a blank line and the checkpoint text',
  },
});

export type MerkleErrorCode = keyof typeof MerkleErrors;

export function merkleError(
  code: MerkleErrorCode,
  params: Record<string, string | number> = {},
  details?: unknown,
): DomainError {
  return new DomainError(code, params, details);
}
