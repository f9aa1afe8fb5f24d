import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDirStorage } from './local-dir';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-blobs-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function* chunks(...parts: string[]) {
  for (const p of parts) yield Buffer.from(p);
}

async function readAll(s: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts).toString();
}

describe('LocalDirStorage', () => {
  const storage = new LocalDirStorage(root);

  it('writes a file readable only by its owner, under a fan-out folder, and reads it back', async () => {
    await storage.put('ab12-file', chunks('hello ', 'evidence'));
    const file = path.join(root, 'ab', 'ab12-file');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(await readAll(await storage.get('ab12-file'))).toBe('hello evidence');
    expect(await storage.exists('ab12-file')).toBe(true);
    await storage.delete('ab12-file');
    expect(await storage.exists('ab12-file')).toBe(false);
    await expect(storage.get('ab12-file')).rejects.toMatchObject({ code: 'evidence.blob_missing' });
  });

  it('leaves neither the file nor its temporary copy when the source fails midway', async () => {
    async function* failing() {
      yield Buffer.from('partial');
      throw new Error('too large');
    }
    await expect(storage.put('cd34-file', failing())).rejects.toThrow('too large');
    expect(fs.readdirSync(path.join(root, 'cd'))).toEqual([]);
  });

  it('refuses keys that could leave its directory', async () => {
    for (const key of ['../x', 'a/b', '', '.hidden']) await expect(storage.put(key, chunks('x'))).rejects.toMatchObject({ code: 'evidence.storage_key_invalid' });
  });
});
