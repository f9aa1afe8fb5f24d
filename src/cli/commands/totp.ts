import type { Command } from 'commander';
import { DomainError } from '../../platform/errors';
import { base32Decode, currentStep, totpNow, TOTP_STEP_SECONDS } from '../../platform/security/totp';
import '../cli.errors';
import { guard, type CliRuntime } from '../runtime';

/**
 * `zhibao totp code --secret <base32>`: the current 6-digit code (动态码) of an authenticator
 * secret — for signing in as a demo staff account (secret in the README) or in scripted tests.
 * Never opens the database.
 */
export function registerTotpCommands(program: Command, rt: CliRuntime, now: () => Date = () => new Date()): void {
  const totp = program.command('totp').description('Authenticator codes (动态码, RFC 6238 TOTP)');

  totp
    .command('code')
    .description('Print the current 6-digit code of a Base32 secret; the seconds it stays valid go to stderr')
    .requiredOption('--secret <base32>', 'the Base32 secret an authenticator app was set up with (spaces and hyphens are ignored)')
    .action(
      guard(rt, (opts: { secret: string }) => {
        const secret = opts.secret.toUpperCase().replace(/[\s=-]/g, '');
        if (!/^[A-Z2-7]+$/.test(secret) || base32Decode(secret).length === 0) throw new DomainError('cli.totp_secret_invalid');
        const at = now();
        rt.io.out(totpNow(secret, at));
        const left = (currentStep(at) + 1) * TOTP_STEP_SECONDS - Math.floor(at.getTime() / 1000);
        rt.io.err(`还有 ${left} 秒有效 / valid for another ${left} s`);
      }),
    );
}
