// Entry of the PGlite worker thread (pglite-remote.ts). The sources are TypeScript run through
// tsx, whose loader a worker thread does not inherit: register it here.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
