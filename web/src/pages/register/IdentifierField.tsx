import { Form, Input } from 'antd';
import { useState, type ReactNode } from 'react';
import { errorText } from '../../../../src/platform/errors';
import { checkIdentifier, normalizeIdentifierText } from '../../../../src/platform/ids';
import type { Organisation } from '../../api';
import { useI18n } from '../../i18n';

type Kind = 'uscc' | 'id';

interface Props {
  kind: Kind;
  name: 'uscc' | 'idNumber';
  label: string;
  value: string | undefined;
  districts: Organisation[];
  /** A message from the server for this field (e.g. already registered). */
  serverMessage?: string;
}

export function districtForRegion(districts: Organisation[], regionCode: string): Organisation | undefined {
  return (
    districts.find((d) => d.kind === 'district_ip_office' && (d.regionCode === regionCode || d.regionAliases.includes(regionCode))) ??
    districts.find((d) => d.regionCode === `${regionCode.slice(0, 2)}0000`)
  );
}

/** Region code an identifier names (positions 3–8 of a USCC, 1–6 of an ID number), when valid. */
export function regionOfIdentifier(kind: Kind, value: string | undefined): string | null {
  if (!value) return null;
  const r = checkIdentifier(kind, value);
  if (!r.ok) return null;
  return 'regionCode' in r.info ? r.info.regionCode : null;
}

/**
 * 统一社会信用代码 / 居民身份证号码 input, checked as the user types with the same pure module
 * the server uses (src/platform/ids), so the two can never disagree.
 */
export function IdentifierField({ kind, name, label, value, districts, serverMessage }: Props) {
  const { t, locale, pick } = useI18n();
  const [focused, setFocused] = useState(false);
  const expected = 18;

  let status: '' | 'success' | 'error' | 'warning' = '';
  let help: ReactNode | undefined;
  if (serverMessage) {
    status = 'error';
    help = serverMessage;
  } else if (value && value.trim()) {
    const r = checkIdentifier(kind, value);
    const length = Array.from(normalizeIdentifierText(value)).length;
    if (r.ok) {
      status = 'success';
      const region = r.info.regionCode;
      const district = districtForRegion(districts, region);
      const where = district ? pick({ zh: district.nameZh, en: district.nameEn }) : t('register.regionUnknown');
      if ('category' in r.info) {
        const category = r.info.category.label ? pick(r.info.category.label) : r.info.category.code;
        const warnings = r.info.warnings.map((w) => errorText(w.code, locale, w.params));
        help = (
          <span className="id-info">
            {t('register.usccOk', { category, region, district: where })}
            {warnings.length > 0 && <span className="id-warning"> {warnings.join(' ')}</span>}
          </span>
        );
        if (warnings.length) status = 'warning';
      } else {
        help = (
          <span className="id-info">
            {t('register.idOk', { birth: r.info.birthDate, region, district: where })}
            {r.info.upgradedFrom15 && ` ${t('register.idUpgraded', { value: r.normalized })}`}
          </span>
        );
      }
    } else if (r.code.endsWith('.length') && focused && length < expected) {
      help = t('register.idProgress', { n: length, total: expected });
    } else {
      status = 'error';
      help = errorText(r.code, locale, r.params);
    }
  }

  return (
    <Form.Item
      name={name}
      label={label}
      required
      validateStatus={status || undefined}
      help={help}
      hasFeedback={status === 'success'}
      rules={[
        {
          validator: async (_, v: string | undefined) => {
            if (!v || !v.trim()) throw new Error(t('register.identifierRequired', { label }));
            const r = checkIdentifier(kind, v);
            if (!r.ok) throw new Error(errorText(r.code, locale, r.params));
          },
        },
      ]}
    >
      <Input
        autoComplete="off"
        spellCheck={false}
        maxLength={40}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      />
    </Form.Item>
  );
}
