import type { verifyZh } from './verify.zh-CN';

/** Texts of the verify pages in English; the keys are those of `verify.zh-CN.ts`. */
export const verifyEn: Record<keyof typeof verifyZh, string> = {
  'nav.verify': 'Verify a receipt',
};
