import { ConfigError, type Config } from '../../platform/config';
import { DomainError } from '../../platform/errors';
import type { ClockRule, MatterType } from './engine/matter-type';
import type { ClockUnit } from './engine/clock';
import { patentAdjudication } from './patent-adjudication/workflow';

/**
 * The matter types (办理事项) this platform offers. Adding one is a transition table, its clock
 * rules and its request form (the web form is generated from the catalogue's field list).
 */

const UNITS: Record<string, ClockUnit> = { wd: 'workingDay', d: 'calendarDay', m: 'month' };

/** ZHIBAO_CLOCK_OVERRIDES: `type.clock=10d,…` for periods without a confirmed source. */
export function clockOverrides(config: Pick<Config, 'ZHIBAO_CLOCK_OVERRIDES'>, type: string, rules: Record<string, ClockRule>): Record<string, ClockRule> {
  const out: Record<string, ClockRule> = {};
  for (const part of (config.ZHIBAO_CLOCK_OVERRIDES ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [, t, name, n, unit] = /^([a-z_]+)\.([a-z_]+)=(\d+)(wd|d|m)$/.exec(part)!;
    if (t !== type) continue;
    const base = rules[name];
    if (!base) throw new ConfigError(`配置无效 / invalid configuration:\n  ZHIBAO_CLOCK_OVERRIDES: ${type} has no clock ${name} (${Object.keys(rules).join(', ')})`);
    out[name] = {
      ...base,
      period: { length: Number(n), unit: UNITS[unit] },
      basis: { ...base.basis, zh: `${base.basis.zh}（本机构设定为 ${n}${unit === 'wd' ? '个工作日' : unit === 'd' ? '日' : '个月'}）`, en: `${base.basis.en} (set locally to ${n} ${unit === 'wd' ? 'working days' : unit === 'd' ? 'days' : 'months'})` },
    };
  }
  return out;
}

export interface MatterRegistry {
  get(code: string): MatterType;
  all(): MatterType[];
}

export function matterRegistry(config: Pick<Config, 'ZHIBAO_PATENT_RULESET' | 'ZHIBAO_CLOCK_OVERRIDES'>): MatterRegistry {
  const base = patentAdjudication(config.ZHIBAO_PATENT_RULESET);
  const types: MatterType[] = [patentAdjudication(config.ZHIBAO_PATENT_RULESET, clockOverrides(config, base.code, base.clocks)) as unknown as MatterType];
  const byCode = new Map(types.map((t) => [t.code, t]));
  return {
    get(code) {
      const t = byCode.get(code);
      if (!t) throw new DomainError('case.matter_type_unknown', { matterType: code, known: [...byCode.keys()].join(', ') });
      return t;
    },
    all: () => types,
  };
}
