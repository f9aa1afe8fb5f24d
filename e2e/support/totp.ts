import { currentStep, totpAt } from '../../src/platform/security/totp';

export { currentStep, totpAt };

const lastUsed = new Map<string, number>();

/**
 * A code the server will accept for this account now. The server takes each 30-s step once
 * per account (and one step of drift either side), so a second sign-in of the same account
 * uses the next step's code, and a third waits until that one is within reach.
 */
export async function freshTotp(secret: string, account = secret): Promise<string> {
  const previous = lastUsed.get(account) ?? -Infinity;
  let step = Math.max(currentStep(), previous + 1);
  while (step > currentStep() + 1) await new Promise((r) => setTimeout(r, 500));
  // Re-read the clock: the wait may have moved it past the step we chose.
  step = Math.max(step, currentStep());
  lastUsed.set(account, step);
  return totpAt(secret, step);
}
