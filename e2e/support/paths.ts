import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots land here (the folder is gitignored). */
export const RESULTS_DIR = path.join(REPO_ROOT, '.test-results/e2e');
