import type { Config } from '../platform/config';
import { reportFailure, type CliIo } from './io';

/** What every command receives: where to write, the configuration (parsed on first use), the --debug flag. */
export interface CliRuntime {
  io: CliIo;
  /** Throws a ConfigError (zh/en) when the environment is invalid; commands without a database never call it. */
  config: () => Config;
  debug: () => boolean;
}

/** Wraps a command action: any failure is printed in both languages and sets the exit code. */
export function guard<A extends unknown[]>(rt: CliRuntime, action: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (e) {
      reportFailure(rt.io, e, rt.debug());
    }
  };
}

/** A message in both languages, Chinese first, as two lines. */
export function say(write: (s: string) => void, zh: string, en: string): void {
  write(zh);
  write(en);
}
