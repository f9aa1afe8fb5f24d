import type { Rng } from './factories';

/**
 * Random request bodies and query strings driven by the OpenAPI document: mostly values of
 * roughly the declared shape (so requests get past the first checks and reach the services),
 * mixed with wrong types, edge numbers and hostile strings.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
};

export interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  'a',
  '0',
  '-1',
  'null',
  'undefined',
  'true',
  '知保',
  '𠮷野家🙂',
  '\u0000',
  '\u202e123',
  "'; drop table users; --",
  '%_\\',
  '=cmd|"/c calc"!A1',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '1e309',
  '9999-99-99',
  '2025-02-30',
  '2025-09-26',
  '2027-01-01',
  '5wd',
  '15d',
  '999999999999wd',
  '-3d',
  '310101',
  '123456',
  '91310101MA1K00019X',
  '11010519491231002X',
  'x'.repeat(5000),
  '00000000-0000-0000-0000-000000000000',
];

const EDGE_NUMBERS = [0, -1, 1, 2, 7, 2025, 2027, 2101, 1.5, -0.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e308];

export class BodyFuzzer {
  constructor(
    private readonly rng: Rng,
    private readonly doc: OpenApiDoc,
    /** Real ids worth hitting: records that exist, so changes reach the services. */
    private readonly ids: string[],
  ) {}

  private resolve(schema: Schema): Schema {
    let s = schema;
    for (let i = 0; s.$ref && i < 10; i++) s = this.doc.components.schemas[s.$ref.split('/').pop()!];
    return s;
  }

  /** A JSON value of no particular shape. */
  wild(depth = 0): unknown {
    const r = this.rng;
    switch (r.int(0, depth > 3 ? 4 : 7)) {
      case 0:
        return null;
      case 1:
        return r.bool();
      case 2:
        return r.pick(EDGE_NUMBERS);
      case 3:
      case 4:
        return r.pick(HOSTILE_STRINGS);
      case 5:
        return Array.from({ length: r.int(0, 3) }, () => this.wild(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = r.int(0, 3); i > 0; i--) o[r.pick(['a', 'id', 'code', '__proto__', 'constructor', 'expectedVersion', 'x'])] = this.wild(depth + 1);
        return o;
      }
    }
  }

  /** A value of roughly the shape `schema` declares (or, now and then, not). */
  value(schema: Schema, depth = 0): unknown {
    const r = this.rng;
    const s = this.resolve(schema);
    if (r.bool(0.12) || depth > 6) return this.wild(depth);
    const variants = s.anyOf ?? s.oneOf;
    if (variants) return this.value(r.pick(variants), depth + 1);
    if (s.allOf) return Object.assign({}, ...s.allOf.map((x) => this.value(x, depth + 1)));
    if (s.enum) return r.pick(s.enum);
    if (s.const !== undefined) return s.const;
    const types = Array.isArray(s.type) ? s.type : [s.type ?? (s.properties ? 'object' : 'string')];
    if (s.nullable && r.bool(0.1)) return null;
    const type = r.pick(types);
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return r.bool();
      case 'integer':
      case 'number': {
        if (r.bool(0.6)) return r.int(s.minimum ?? 0, Math.min(s.maximum ?? 5, (s.minimum ?? 0) + 5));
        return r.pick(EDGE_NUMBERS);
      }
      case 'array':
        return Array.from({ length: r.int(0, 4) }, () => this.value(s.items ?? {}, depth + 1));
      case 'object': {
        const o: Record<string, unknown> = {};
        for (const [key, sub] of Object.entries(s.properties ?? {})) {
          if ((s.required ?? []).includes(key) ? r.bool(0.95) : r.bool(0.6)) o[key] = this.value(sub, depth + 1);
        }
        if (r.bool(0.05)) o[r.pick(['extra', '__proto__', 'constructor'])] = this.wild(depth + 1);
        return o;
      }
      default:
        return this.string(s);
    }
  }

  private string(s: Schema): string {
    const r = this.rng;
    if (r.bool(0.3)) return r.pick(HOSTILE_STRINGS);
    switch (s.format) {
      case 'uuid':
        return r.bool(0.7) && this.ids.length ? r.pick(this.ids) : r.uuid();
      case 'email':
        return `${r.string(6)}@example.cn`;
      case 'date-time':
        return new Date(Date.UTC(r.int(1990, 2100), r.int(0, 11), r.int(1, 28))).toISOString();
    }
    if (s.pattern?.includes('\\d{6}')) return r.pick(['123456', '310101', '000000', r.digits(6)]);
    if (s.pattern?.includes('a-z0-9')) return `${r.string(1, 'abcdefghijklmnopqrstuvwxyz')}${r.string(r.int(2, 12), 'abcdefghijklmnopqrstuvwxyz0123456789.-_')}`;
    if (s.pattern?.startsWith('^https')) return `https://www.gov.cn/${r.string(6)}.htm`;
    const min = s.minLength ?? 0;
    const max = Math.min(s.maxLength ?? 40, min + 40);
    return r.string(r.int(min, max), 'abcdefghijklmnopqrstuvwxyzABCDEFG0123456789 -_.知识产权保护');
  }

  /** A body for the route: usually shaped by its request schema, sometimes not an object at all. */
  body(schema: Schema | undefined): string {
    const r = this.rng;
    if (!schema || r.bool(0.1)) {
      return r.pick([
        '[]',
        'null',
        '0',
        '"text"',
        'true',
        '{"__proto__": {"isAdmin": true, "roles": ["administrator"]}}',
        '{"constructor": {"prototype": {"polluted": 1}}}',
        '['.repeat(2000) + ']'.repeat(2000),
        JSON.stringify(this.wild()),
      ]);
    }
    return JSON.stringify(this.value(schema));
  }

  /** A query string from the route's declared query parameters. */
  query(parameters: { name: string; in: string; schema: Schema }[] | undefined): string {
    const params = new URLSearchParams();
    for (const p of parameters ?? []) {
      if (p.in !== 'query' || !this.rng.bool(0.7)) continue;
      const v = this.value(p.schema);
      params.append(p.name, typeof v === 'string' ? v : JSON.stringify(v));
    }
    if (this.rng.bool(0.1)) params.append(this.rng.pick(['limit', 'x', 'before']), this.rng.pick(HOSTILE_STRINGS));
    const q = params.toString();
    return q ? `?${q}` : '';
  }

  pathParam(name: string): string {
    const r = this.rng;
    if (name === 'year') return String(r.pick([1899, 1900, 2019, 2020, 2026, 2027, 2200, 2201, -1, 0]));
    return r.pick([...this.ids, r.uuid(), r.uuid(), 'not-a-uuid', '0', '%2e%2e', encodeURIComponent('知保')]);
  }
}
