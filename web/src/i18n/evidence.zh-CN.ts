/** Texts of the evidence pages in Simplified Chinese; spread into `zh-CN.ts`. */
export const evidenceZh = {
  'nav.evidence': '存证',
} as const;
