import { CommanderError } from 'commander';
import { processIo, reportFailure } from './io';
import { buildProgram } from './program';

/**
 * `zhibao …` (bin/zhibao.mjs, `npm run zhibao -- …`). Failures are printed in Chinese and
 * English with an exit code; the database is closed before the process ends.
 */
async function main(): Promise<number> {
  const io = processIo();
  // `zhibao audit export | head` closes the pipe early: stop quietly instead of crashing.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const program = buildProgram({ io });
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    // exitOverride: commander has printed help or a usage error already.
    if (e instanceof CommanderError) return e.exitCode;
    reportFailure(io, e, process.argv.includes('--debug'));
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

const code = await main();
// Flush standard output before exiting (asynchronous when it is a pipe on some platforms).
process.stdout.write('', () => process.exit(code));
