/**
 * Identifier validation for the platform — domain/rules.md §10.
 *
 * Pure TypeScript without Node imports: the web bundle runs the same checks live in forms that
 * the services run on submission, so the two can never disagree.
 */
import { DomainError } from '../errors';
import type { CheckResult } from './check-result';
import { checkNiceClass, type NiceClassInfo } from './nice-class';
import { checkPatentNumber, type PatentInfo, type PatentOptions } from './patent-number';
import { checkResidentId, type ResidentIdInfo, type ResidentIdOptions } from './resident-id';
import { checkTrademarkNumber, type TrademarkInfo } from './trademark';
import { checkUscc, type UsccInfo, type UsccOptions } from './uscc';
import { checkDataIpCertificate, checkDataIpRegistration, type DataIpCertificateInfo, type DataIpOptions, type DataIpRegistrationInfo } from './dataip-number';

export type { BilingualLabel, CheckResult, IdentifierWarning, IdsErrorParams } from './check-result';
export { IdsErrors, type IdsErrorCode } from './ids.errors';
export { normalizeIdentifierText, toHalfWidth } from './normalize';
export {
  checkUscc,
  computeOrgCodeCheckChar,
  computeUsccCheckChar,
  usccRegionCode,
  USCC_CATEGORIES,
  USCC_CHARSET,
  USCC_DEPARTMENTS,
  type UsccInfo,
  type UsccOptions,
} from './uscc';
export {
  checkResidentId,
  computeResidentIdCheckDigit,
  residentIdRegionCode,
  upgradeResidentId15To18,
  type ResidentIdInfo,
  type ResidentIdOptions,
} from './resident-id';
export {
  checkPatentNumber,
  checkPctNumber,
  computePatentCheckChar,
  PATENT_KINDS,
  type PatentApplicationInfo,
  type PatentInfo,
  type PatentKindCode,
  type PatentOptions,
  type PctApplicationInfo,
} from './patent-number';
export { checkTrademarkNumber, DEFAULT_TRADEMARK_MAX_LENGTH, type TrademarkInfo, type TrademarkOptions } from './trademark';
export { checkNiceClass, isNiceClass, NICE_CLASS_MAX, NICE_CLASS_MIN, type NiceClassInfo } from './nice-class';
export {
  checkDataIpCertificate,
  checkDataIpRegistration,
  DATA_SOURCES,
  formatDataIpRegistration,
  HOLDER_TYPES,
  mod3736Check,
  type DataIpCertificateInfo,
  type DataIpOptions,
  type DataIpRegistrationInfo,
} from './dataip-number';

export type IdentifierKind = 'uscc' | 'id' | 'patent' | 'trademark' | 'nice' | 'dataip' | 'dataipcert';

export const IDENTIFIER_KINDS = ['uscc', 'id', 'patent', 'trademark', 'nice', 'dataip', 'dataipcert'] as const satisfies readonly IdentifierKind[];

export interface IdentifierInfo {
  uscc: UsccInfo;
  id: ResidentIdInfo;
  patent: PatentInfo;
  trademark: TrademarkInfo;
  nice: NiceClassInfo;
  dataip: DataIpRegistrationInfo;
  dataipcert: DataIpCertificateInfo;
}

/** Options of every kind; each check reads only its own. */
export interface CheckIdentifierOptions extends UsccOptions, ResidentIdOptions, PatentOptions, DataIpOptions {
  /** Longest trademark registration number accepted; default 8. */
  trademarkMaxLength?: number;
}

export function checkIdentifier<K extends IdentifierKind>(
  kind: K,
  input: string,
  opts: CheckIdentifierOptions = {},
): CheckResult<IdentifierInfo[K]> {
  const result = dispatch(kind, input, opts);
  return result as CheckResult<IdentifierInfo[K]>;
}

/** Returns the normalized identifier, or throws `DomainError(code, params)` (HTTP 400). */
export function assertIdentifier(kind: IdentifierKind, input: string, opts: CheckIdentifierOptions = {}): string {
  const result = checkIdentifier(kind, input, opts);
  if (!result.ok) throw new DomainError(result.code, result.params);
  return result.normalized;
}

/**
 * Hides the middle of an identifier for display and logs: keeps the first and last 4 characters
 * (3101**********1234). Short values keep at most a quarter at each end so that at least half
 * is always hidden.
 */
export function maskIdentifier(s: string): string {
  const chars = Array.from(s);
  const keep = Math.min(4, Math.floor(chars.length / 4));
  return chars.map((ch, i) => (i < keep || i >= chars.length - keep ? ch : '*')).join('');
}

function dispatch(kind: IdentifierKind, input: string, opts: CheckIdentifierOptions): CheckResult<IdentifierInfo[IdentifierKind]> {
  switch (kind) {
    case 'uscc':
      return checkUscc(input, opts);
    case 'id':
      return checkResidentId(input, opts);
    case 'patent':
      return checkPatentNumber(input, opts);
    case 'trademark':
      return checkTrademarkNumber(input, { maxLength: opts.trademarkMaxLength });
    case 'nice':
      return checkNiceClass(input);
    case 'dataip':
      return checkDataIpRegistration(input, opts);
    case 'dataipcert':
      return checkDataIpCertificate(input, opts);
    default: {
      const unknown: never = kind;
      throw new RangeError(`unknown identifier kind: ${String(unknown)}`);
    }
  }
}
