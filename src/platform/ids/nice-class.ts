/**
 * Nice classes (尼斯分类 类别) — domain/rules.md §10.4: stored beside the trademark number, 1–45.
 *
 * The Nice Classification (WIPO) has 45 classes: 1–34 for goods, 35–45 for services.
 */
import { fail, type CheckResult } from './check-result';
import { IdsErrors } from './ids.errors';
import { normalizeIdentifierText } from './normalize';

export const NICE_CLASS_MIN = 1;
export const NICE_CLASS_MAX = 45;
const LAST_GOODS_CLASS = 34;

export interface NiceClassInfo {
  classNumber: number;
  type: 'goods' | 'services';
}

/** Accepts "9", "09" (as printed on 商标注册证) and full-width digits; normalizes to "9". */
export function checkNiceClass(input: string): CheckResult<NiceClassInfo> {
  const text = normalizeIdentifierText(input);
  if (!/^\d{1,2}$/.test(text)) return fail(IdsErrors['ids.nice.format']);
  const classNumber = Number(text);
  if (!isNiceClass(classNumber)) return fail(IdsErrors['ids.nice.range'], { value: classNumber });
  return {
    ok: true,
    normalized: String(classNumber),
    info: { classNumber, type: classNumber <= LAST_GOODS_CLASS ? 'goods' : 'services' },
  };
}

export function isNiceClass(n: number): boolean {
  return Number.isInteger(n) && n >= NICE_CLASS_MIN && n <= NICE_CLASS_MAX;
}
