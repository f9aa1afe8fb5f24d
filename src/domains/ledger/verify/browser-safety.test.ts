import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { digestBytes } from './file-digests';
import { buildReceipt } from './receipt.test-support';
import { verifyReceipt } from './verify-receipt';

/**
 * The verifier runs in the browser, where vite polyfills no Node built-ins: its import graph must
 * not reach a `node:` module, and it must work without Node's global Buffer (checked by running
 * it with `globalThis.Buffer` removed).
 */

const here = path.dirname(fileURLToPath(import.meta.url));

function importGraph(entry: string): string[] {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) {
        expect(spec, `${path.relative(here, file)} imports ${spec}`).not.toMatch(/^node:|^(fs|path|crypto|os|child_process|stream|url)$/);
        continue;
      }
      walk(`${path.resolve(path.dirname(file), spec)}.ts`);
    }
  };
  walk(entry);
  return [...seen];
}

describe('the receipt verifier is browser-safe', () => {
  it('imports no Node built-in anywhere in its graph', () => {
    const files = [...importGraph(path.join(here, 'verify-receipt.ts')), ...importGraph(path.join(here, 'file-digests.ts'))];
    expect(files.length).toBeGreaterThan(15);
    expect(files.some((f) => f.endsWith('tsa/verify.ts'))).toBe(true);
  });

  it('verifies with the global Buffer removed, and still fails what it should', async () => {
    const built = await buildReceipt({ hash: 'sm3' });
    const bad = Uint8Array.from(built.file);
    bad[0] ^= 1;
    const saved = globalThis.Buffer;
    // @ts-expect-error: removed on purpose, as in a browser
    delete globalThis.Buffer;
    try {
      expect(typeof (globalThis as { Buffer?: unknown }).Buffer).toBe('undefined');
      const good = await verifyReceipt(built.json, { file: digestBytes(built.file) });
      expect(good.steps.filter((s) => s.status !== 'pass')).toEqual([]);
      const tampered = await verifyReceipt(built.json, { file: digestBytes(bad) });
      expect(tampered.steps.filter((s) => s.status === 'fail').map((s) => s.code)).toEqual(['verify.file_sha256_mismatch']);
    } finally {
      globalThis.Buffer = saved;
    }
  });
});
