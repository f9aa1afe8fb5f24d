/**
 * Child process for the start-up tests: takes a PGlite data directory's lock the way a running
 * server does when it opens the directory, says "ready" and keeps it until killed. (Only the
 * lock: initialising a database on disk takes many seconds and is not what is tested.)
 */
import { acquireDataDirLock } from '../../src/platform/db/data-dir-lock';

acquireDataDirLock(process.argv[2]);
process.stdout.write('ready\n');
setInterval(() => {}, 60_000);
