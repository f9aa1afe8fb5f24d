import path from 'node:path';
import type { Config } from '../../../platform/config';
import type { BlobStorage } from './blob-storage';
import { LocalDirStorage } from './local-dir';
import { S3Storage } from './s3';

export { assertStorageKey, StorageError, type BlobStorage } from './blob-storage';
export { LocalDirStorage } from './local-dir';
export { S3Storage, type S3Options } from './s3';

/** The configured store: `<data dir>/evidence`, or the S3 bucket (settings checked by parseConfig). */
export function createBlobStorage(config: Config): BlobStorage {
  if (config.ZHIBAO_EVIDENCE_STORAGE === 's3') {
    return new S3Storage({
      endpoint: config.ZHIBAO_S3_ENDPOINT!,
      bucket: config.ZHIBAO_S3_BUCKET!,
      region: config.ZHIBAO_S3_REGION,
      accessKeyId: config.ZHIBAO_S3_ACCESS_KEY_ID!,
      secretAccessKey: config.ZHIBAO_S3_SECRET_ACCESS_KEY!,
      pathStyle: config.ZHIBAO_S3_PATH_STYLE,
      prefix: config.ZHIBAO_S3_PREFIX,
    });
  }
  return new LocalDirStorage(path.join(config.dataDir, 'evidence'));
}
