import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parseTrueType, type TrueTypeFont } from './truetype';

/**
 * The fonts embedded in official documents: Noto Serif SC (思源宋体, SIL Open Font License 1.1),
 * shipped as TrueType by the npm package `@expo-google-fonts/noto-serif-sc`, so a plain
 * `npm install` is all a server needs. A serif (宋体) face is what Chinese official documents
 * are set in; the bold weight stands in for 小标宋 in the issuing organisation's name and the
 * title.
 *
 * The version of that package is pinned: a different font version can change glyph outlines and
 * metrics, and so the bytes of a re-rendered document.
 */
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
} as const;

export interface DocumentFonts {
  readonly regular: TrueTypeFont;
  readonly bold: TrueTypeFont;
}

let loading: Promise<DocumentFonts> | undefined;

/** Reads and parses the fonts once per process (about 30 MB held in memory). */
export function documentFonts(): Promise<DocumentFonts> {
  loading ??= load().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

async function load(): Promise<DocumentFonts> {
  const require = createRequire(import.meta.url);
  const [regular, bold] = await Promise.all(
    [FONT_FILES.regular, FONT_FILES.bold].map(async (id) => parseTrueType(new Uint8Array(await readFile(require.resolve(id))))),
  );
  return { regular, bold };
}
