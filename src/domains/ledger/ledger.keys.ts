import fs from 'node:fs';
import path from 'node:path';
import { createNoteSigner, generateSignerKey, type NoteSigner, type SignerAlgorithm } from './crypto/note';
import { ledgerError } from './ledger.errors';

/**
 * The log's two signing keys (Ed25519 and SM2), as Go `note` signer key strings
 * (`PRIVATE+KEY+<name>+<key ID>+<base64>`). In production they come from the configuration;
 * otherwise they are generated on first start into the data directory (mode 0600) and read back
 * on every later start. Several processes sharing one PostgreSQL database must be configured
 * with the same keys: the log records its public keys when it is created and refuses others.
 */

export interface LedgerSigners {
  ed25519: NoteSigner;
  sm2: NoteSigner;
  /** Where they came from, for the start-up log. */
  source: 'config' | 'data-dir';
}

export interface LedgerKeyConfig {
  ed25519Skey?: string;
  sm2Skey?: string;
  dataDir: string;
}

export const KEY_FILES: Record<SignerAlgorithm, string> = {
  ed25519: 'ledger-ed25519.skey',
  sm2: 'ledger-sm2.skey',
};

function signerOf(skey: string, algorithm: SignerAlgorithm, where: string): NoteSigner {
  let signer: NoteSigner;
  try {
    signer = createNoteSigner(skey.trim());
  } catch (e) {
    // The key string is a secret: name where it came from, never echo it.
    throw ledgerError('ledger.keys_invalid', { reason: `${where}: ${(e as Error).message}` });
  }
  if (signer.type !== algorithm) throw ledgerError('ledger.keys_invalid', { reason: `${where} holds a ${signer.type} key, not ${algorithm}` });
  return signer;
}

/** Reads the key file, creating it (mode 0600) with a new key named `name` when absent. */
function fileKey(dataDir: string, algorithm: SignerAlgorithm, name: string): NoteSigner {
  const file = path.join(dataDir, KEY_FILES[algorithm]);
  const read = () => {
    // A key readable by others is tightened rather than refused: the data directory is ours.
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    return signerOf(fs.readFileSync(file, 'utf8'), algorithm, file);
  };
  if (fs.existsSync(file)) return read();
  fs.mkdirSync(dataDir, { recursive: true });
  const { skey } = generateSignerKey(name, algorithm);
  try {
    fs.writeFileSync(file, `${skey}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return read();
    throw e;
  }
  return signerOf(skey, algorithm, file);
}

/** The configured keys, or those of the data directory (generated with key name `name` when absent). */
export function loadLedgerSigners(config: LedgerKeyConfig, name: string): LedgerSigners {
  if (config.ed25519Skey || config.sm2Skey) {
    if (!config.ed25519Skey || !config.sm2Skey) {
      throw ledgerError('ledger.keys_invalid', { reason: 'set both ZHIBAO_LEDGER_ED25519_SKEY and ZHIBAO_LEDGER_SM2_SKEY, or neither' });
    }
    return {
      ed25519: signerOf(config.ed25519Skey, 'ed25519', 'ZHIBAO_LEDGER_ED25519_SKEY'),
      sm2: signerOf(config.sm2Skey, 'sm2', 'ZHIBAO_LEDGER_SM2_SKEY'),
      source: 'config',
    };
  }
  return { ed25519: fileKey(config.dataDir, 'ed25519', name), sm2: fileKey(config.dataDir, 'sm2', name), source: 'data-dir' };
}
