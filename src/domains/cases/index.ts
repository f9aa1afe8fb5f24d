/** The one window and the case engine: matter types as transition tables, statutory clocks, documents, work queues. */
export { registerCaseRoutes } from './cases.routes';
export { createDocumentIssuer } from './case-documents';
export { matterRegistry } from './matter-types';
export { ensureDefaultRoutingRules } from './routing';
export { scanClocks, startClockScan } from './work.service';
