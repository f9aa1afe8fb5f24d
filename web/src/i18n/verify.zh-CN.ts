/** Texts of the verify pages in Simplified Chinese; spread into `zh-CN.ts`. */
export const verifyZh = {
  'nav.verify': '核验存证',
} as const;
