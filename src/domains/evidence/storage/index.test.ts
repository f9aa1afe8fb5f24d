import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../platform/config';
import { createBlobStorage, LocalDirStorage, S3Storage } from './index';

const S3_ENV = {
  ZHIBAO_EVIDENCE_STORAGE: 's3',
  ZHIBAO_S3_ENDPOINT: 'http://127.0.0.1:9000',
  ZHIBAO_S3_BUCKET: 'evidence',
  ZHIBAO_S3_ACCESS_KEY_ID: 'minio',
  ZHIBAO_S3_SECRET_ACCESS_KEY: 'minio-secret',
  ZHIBAO_S3_PATH_STYLE: 'true',
};

describe('evidence storage configuration', () => {
  it('keeps files in <data dir>/evidence by default, with a 100 MiB limit', () => {
    const config = parseConfig({ ZHIBAO_DATA_DIR: '/tmp/zb-data' });
    expect(config.ZHIBAO_EVIDENCE_MAX_BYTES).toBe(100 * 1024 * 1024);
    const storage = createBlobStorage(config);
    expect(storage).toBeInstanceOf(LocalDirStorage);
    expect((storage as LocalDirStorage).root).toBe(path.resolve('/tmp/zb-data/evidence'));
  });

  it('uses the S3 bucket when configured completely', () => {
    const storage = createBlobStorage(parseConfig(S3_ENV));
    expect(storage).toBeInstanceOf(S3Storage);
    expect((storage as S3Storage).urlOf('k').toString()).toBe('http://127.0.0.1:9000/evidence/evidence/k');
  });

  it('refuses incomplete S3 settings, naming what is missing', () => {
    const { ZHIBAO_S3_BUCKET: _b, ZHIBAO_S3_SECRET_ACCESS_KEY: _s, ...partial } = S3_ENV;
    expect(() => parseConfig(partial)).toThrow(ConfigError);
    expect(() => parseConfig(partial)).toThrow(/ZHIBAO_S3_BUCKET, ZHIBAO_S3_SECRET_ACCESS_KEY: required when ZHIBAO_EVIDENCE_STORAGE=s3/);
    expect(() => parseConfig({ ...S3_ENV, ZHIBAO_S3_BUCKET: 'Bad_Bucket' })).toThrow(/ZHIBAO_S3_BUCKET/);
    expect(() => parseConfig({ ZHIBAO_EVIDENCE_MAX_BYTES: '0' })).toThrow(/ZHIBAO_EVIDENCE_MAX_BYTES/);
  });
});
