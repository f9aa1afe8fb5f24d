/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015 with amendment XG1-2016 —
 * domain/rules.md §10.1.
 *
 * Layout: pos 1 登记管理部门码, pos 2 机构类别码, pos 3–8 登记管理机关行政区划码 (GB/T 2260),
 * pos 9–17 主体标识码 = 组织机构代码 (GB 11714), pos 18 校验码.
 */
import { fail, type BilingualLabel, type CheckResult, type IdentifierWarning } from './check-result';
import { IdsErrors } from './ids.errors';
import { firstDisallowedChar, isDigit, normalizeIdentifierText } from './normalize';

/** GB 32100 code characters in value order (0–30): digits and capitals without I, O, S, V, Z. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 32100-2015 weights for positions 1–17 (3^i mod 31).
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const USCC_MODULUS = 31;

// GB 11714 organisation code: all 36 alphanumerics valued 0–35, weights on its 8 body characters.
const ORG_CODE_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CODE_MODULUS = 11;

// The letters GB 32100 left out of its charset are exactly the ones misread as digits.
const LOOKALIKE_DIGITS: Readonly<Record<string, string>> = { O: '0', I: '1', Z: '2', S: '5' };

const USCC_LENGTH = 18;
const REGION_START = 2;
const REGION_END = 8;

/**
 * 登记管理部门码 and 机构类别码 meanings (rules.md §10.1, from fdstar/NumberValidators
 * ManagementKindCode.cs). Other codes exist (e.g. A), so unknown ones are accepted with a warning.
 */
export const USCC_DEPARTMENTS: Readonly<Record<string, BilingualLabel>> = {
  '1': { zh: '机构编制', en: 'Institutional establishment office' },
  '5': { zh: '民政', en: 'Civil affairs' },
  '9': { zh: '工商', en: 'Industry and commerce (market regulation)' },
  Y: { zh: '其他', en: 'Other' },
};

export const USCC_CATEGORIES: Readonly<Record<string, BilingualLabel>> = {
  '11': { zh: '机关', en: 'Government organ' },
  '12': { zh: '事业单位', en: 'Public institution' },
  '13': { zh: '中央编办直管机构编制的群众团体', en: 'Mass organisation under the central establishment office' },
  '19': { zh: '其他', en: 'Other' },
  '51': { zh: '社会团体', en: 'Social organisation' },
  '52': { zh: '民办非企业单位', en: 'Private non-enterprise unit' },
  '53': { zh: '基金会', en: 'Foundation' },
  '59': { zh: '其他', en: 'Other' },
  '91': { zh: '企业', en: 'Enterprise' },
  '92': { zh: '个体工商户', en: 'Individual business' },
  '93': { zh: '农民专业合作社', en: "Farmers' specialised cooperative" },
};

export interface UsccOptions {
  /**
   * Also verify positions 9–17 as a GB 11714 organisation code (default true). rules.md calls the
   * check optional; every known real code passes it, so it catches typos the main check cannot
   * explain to the user.
   */
  checkOrganizationCode?: boolean;
}

export interface UsccInfo {
  department: { code: string; label: BilingualLabel | null };
  /** Two characters: department code + category digit, e.g. "91" 企业. */
  category: { code: string; label: BilingualLabel | null };
  /** GB/T 2260 code of the registering authority, e.g. 310115 for Pudong. */
  regionCode: string;
  /** Positions 9–17 in the customary 组织机构代码 form, e.g. 77604965-3. */
  organizationCode: string;
  warnings: IdentifierWarning[];
}

export function checkUscc(input: string, opts: UsccOptions = {}): CheckResult<UsccInfo> {
  const code = normalizeIdentifierText(input);
  const length = Array.from(code).length;
  if (length !== USCC_LENGTH) return fail(IdsErrors['ids.uscc.length'], { length });

  const bad = firstDisallowedChar(code, (ch, i) =>
    i >= REGION_START && i < REGION_END ? isDigit(ch) : USCC_CHARSET.includes(ch),
  );
  if (bad) {
    const suggestion = LOOKALIKE_DIGITS[bad.char];
    return suggestion
      ? fail(IdsErrors['ids.uscc.charset_lookalike'], { ...bad, suggestion })
      : fail(IdsErrors['ids.uscc.charset'], bad);
  }

  const expected = usccCheckCharOf(code.slice(0, 17));
  if (code[17] !== expected) return fail(IdsErrors['ids.uscc.check_char'], { expected, actual: code[17] });

  if (opts.checkOrganizationCode !== false) {
    const expectedOrg = orgCodeCheckCharOf(code.slice(8, 16));
    if (code[16] !== expectedOrg) {
      return fail(IdsErrors['ids.uscc.org_code_check'], { expected: expectedOrg, actual: code[16] });
    }
  }

  return { ok: true, normalized: code, info: usccInfo(code) };
}

/** GB/T 2260 region code (positions 3–8) of a valid code, or null when the input is not valid. */
export function usccRegionCode(input: string, opts: UsccOptions = {}): string | null {
  const r = checkUscc(input, opts);
  return r.ok ? r.info.regionCode : null;
}

/**
 * Check character for the first 17 characters: c = 31 − (Σ vᵢ·wᵢ mod 31), 31 → 0 (GB 32100-2015).
 * A building block for callers that already hold a well-formed body; use `checkUscc` for input.
 */
export function computeUsccCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) {
    throw new RangeError('computeUsccCheckChar needs 17 characters from the GB 32100 charset');
  }
  return usccCheckCharOf(first17);
}

/** GB 11714 check for an 8-character organisation code body: c = 11 − (Σ mod 11), 11 → 0, 10 → X. */
export function computeOrgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new RangeError('computeOrgCodeCheckChar needs 8 characters 0-9 or A-Z');
  return orgCodeCheckCharOf(first8);
}

function usccCheckCharOf(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(body17[i]) * USCC_WEIGHTS[i];
  const c = USCC_MODULUS - (sum % USCC_MODULUS);
  return USCC_CHARSET[c === USCC_MODULUS ? 0 : c];
}

function orgCodeCheckCharOf(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_CODE_CHARSET.indexOf(body8[i]) * ORG_CODE_WEIGHTS[i];
  const c = ORG_CODE_MODULUS - (sum % ORG_CODE_MODULUS);
  if (c === 11) return '0';
  if (c === 10) return 'X';
  return String(c);
}

function usccInfo(code: string): UsccInfo {
  const departmentCode = code[0];
  const categoryCode = code.slice(0, 2);
  const department = USCC_DEPARTMENTS[departmentCode] ?? null;
  const category = USCC_CATEGORIES[categoryCode] ?? null;
  const warnings: IdentifierWarning[] = [];
  if (!department) warnings.push({ code: IdsErrors['ids.uscc.unknown_department'], params: { code: departmentCode } });
  else if (!category) warnings.push({ code: IdsErrors['ids.uscc.unknown_category'], params: { code: categoryCode } });
  return {
    department: { code: departmentCode, label: department },
    category: { code: categoryCode, label: category },
    regionCode: code.slice(REGION_START, REGION_END),
    organizationCode: `${code.slice(8, 16)}-${code[16]}`,
    warnings,
  };
}
