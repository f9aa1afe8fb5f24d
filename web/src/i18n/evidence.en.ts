import type { evidenceZh } from './evidence.zh-CN';

/** Texts of the evidence pages in English; the keys are those of `evidence.zh-CN.ts`. */
export const evidenceEn: Record<keyof typeof evidenceZh, string> = {
  'nav.evidence': 'Evidence',
};
