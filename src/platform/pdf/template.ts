import { DomainError } from '../errors';
import { DocumentErrors } from './pdf.errors';

/**
 * The template language of administrator-editable document texts. It is deliberately tiny and
 * executes nothing: a template is parsed into a tree of text, placeholders and two block kinds,
 * and filling it only copies strings.
 *
 *   {{name}}                        the value of a variable (a list prints as 甲、乙、丙)
 *   {{#if name}} … {{else}} … {{/if}}  kept when the value is non-empty (text) or has items (list)
 *   {{#each list}} … {{/each}}      repeated per item; inside, {{this}} is the item, {{@number}}
 *                                   its number (1, 2, …) and {{@chineseNumber}} (一、二、…)
 *
 * Paragraphs are separated by blank lines; a single line break inside a paragraph is only a
 * break in the editor and disappears (a space is kept between two Latin letters or digits). An
 * #each whose opening tag stands on a line of its own makes one paragraph per item; written
 * inside a line, the items run on. Values are inserted as they are, never read as template
 * syntax, and a value holding blank lines (a long statement of facts) becomes several
 * paragraphs. A list variable also takes a single text (a list of that one item; empty: none).
 */

export type VariableKind = 'text' | 'list';

/** The variables a template may use; extra fields (descriptions) are ignored here. */
export type AllowedVariables = Readonly<Record<string, { readonly kind: VariableKind }>>;

export type TemplateValues = Readonly<Record<string, string | readonly string[] | undefined>>;

type Node =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'var'; readonly name: string }
  | { readonly type: 'item' | 'number' | 'chineseNumber' }
  | { readonly type: 'if'; readonly name: string; readonly then: readonly Node[]; readonly otherwise: readonly Node[] }
  | { readonly type: 'each'; readonly name: string; readonly body: readonly Node[]; readonly block: boolean };

export interface ParsedTemplate {
  readonly nodes: readonly Node[];
  /** Variables the template refers to, in order of first use. */
  readonly variables: readonly string[];
  readonly allowed: AllowedVariables;
}

const TAG = /\{\{([\s\S]*?)\}\}/g;
const NAME = '[A-Za-z][A-Za-z0-9]*';
const VAR = new RegExp(`^${NAME}$`);
const OPEN = new RegExp(`^#(if|each)\\s+(${NAME})$`);
const MAX_DEPTH = 8;

interface Frame {
  readonly kind: 'root' | 'if' | 'each';
  readonly tag: string;
  readonly line: number;
  readonly name: string;
  readonly block: boolean;
  nodes: Node[];
  then?: Node[];
}

/** Parses a template, refusing unknown variables and malformed or unbalanced tags. */
export function parseTemplate(text: string, allowedVariables: AllowedVariables): ParsedTemplate {
  const source = text.replace(/\r\n?/g, '\n');
  const used: string[] = [];
  const lineAt = (offset: number) => source.slice(0, offset).split('\n').length;
  const allowedList = () => Object.keys(allowedVariables).join(', ') || '—';
  const variable = (name: string, line: number): string => {
    if (!Object.hasOwn(allowedVariables, name)) {
      throw new DomainError(DocumentErrors['document.template_unknown_variable'], { variable: name, line, allowed: allowedList() });
    }
    if (!used.includes(name)) used.push(name);
    return name;
  };
  const syntax = (tag: string, line: number) => new DomainError(DocumentErrors['document.template_syntax'], { tag, line });

  const stack: Frame[] = [{ kind: 'root', tag: '', line: 1, name: '', block: false, nodes: [] }];
  const top = () => stack.at(-1)!;
  const insideEach = () => stack.some((f) => f.kind === 'each');

  const pushText = (from: number, to: number) => {
    const piece = source.slice(from, to);
    const stray = /\{\{|\}\}/.exec(piece);
    if (stray) throw syntax(stray[0], lineAt(from + stray.index));
    if (piece) top().nodes.push({ type: 'text', text: piece });
  };

  let last = 0;
  for (const m of source.matchAll(TAG)) {
    const at = m.index;
    pushText(last, at);
    last = at + m[0].length;
    const line = lineAt(at);
    const inner = m[1].trim();
    const tag = m[0];
    if (inner.includes('{{')) throw syntax('{{', line);

    const open = OPEN.exec(inner);
    if (open) {
      const kind = open[1] as 'if' | 'each';
      const name = variable(open[2], line);
      if (kind === 'each') {
        if (insideEach()) throw syntax(tag, line);
        if (allowedVariables[name].kind !== 'list') throw new DomainError(DocumentErrors['document.template_not_a_list'], { variable: name, line });
      }
      if (stack.length > MAX_DEPTH) throw syntax(tag, line);
      // A block tag alone on its line: the line breaks around it belong to the block, not the text.
      const lineStart = source.lastIndexOf('\n', at - 1) + 1;
      const lineEnd = source.indexOf('\n', last) === -1 ? source.length : source.indexOf('\n', last);
      const block = source.slice(lineStart, at).trim() === '' && source.slice(last, lineEnd).trim() === '';
      stack.push({ kind, tag, line, name, block, nodes: [] });
      continue;
    }
    if (inner === 'else') {
      const frame = top();
      if (frame.kind !== 'if' || frame.then) throw syntax(tag, line);
      frame.then = frame.nodes;
      frame.nodes = [];
      continue;
    }
    if (inner === '/if' || inner === '/each') {
      const frame = top();
      const kind = inner.slice(1);
      if (frame.kind !== kind) {
        if (frame.kind === 'root') throw new DomainError(DocumentErrors['document.template_unbalanced'], { tag, line, expected: `{{#${kind} …}}` });
        throw new DomainError(DocumentErrors['document.template_unbalanced'], { tag: frame.tag, line: frame.line, expected: `{{/${frame.kind}}}` });
      }
      stack.pop();
      if (frame.kind === 'if') {
        top().nodes.push({ type: 'if', name: frame.name, then: frame.then ?? frame.nodes, otherwise: frame.then ? frame.nodes : [] });
      } else {
        top().nodes.push({ type: 'each', name: frame.name, body: trimBlock(frame.nodes, frame.block), block: frame.block });
      }
      continue;
    }
    if (inner === 'this' || inner === '@number' || inner === '@chineseNumber') {
      if (!insideEach()) throw syntax(tag, line);
      top().nodes.push({ type: inner === 'this' ? 'item' : inner === '@number' ? 'number' : 'chineseNumber' });
      continue;
    }
    if (VAR.test(inner)) {
      top().nodes.push({ type: 'var', name: variable(inner, line) });
      continue;
    }
    throw syntax(tag, line);
  }
  pushText(last, source.length);

  const unclosed = top();
  if (unclosed.kind !== 'root') {
    throw new DomainError(DocumentErrors['document.template_unbalanced'], { tag: unclosed.tag, line: unclosed.line, expected: `{{/${unclosed.kind}}}` });
  }
  return { nodes: unclosed.nodes, variables: used, allowed: allowedVariables };
}

/** Drops the line break right after the opening tag and right before the closing tag of a block-form #each. */
function trimBlock(nodes: Node[], block: boolean): Node[] {
  if (!block) return nodes;
  const out = [...nodes];
  const first = out[0];
  if (first?.type === 'text') out[0] = { type: 'text', text: first.text.replace(/^[ \t]*\n/, '') };
  const lastNode = out.at(-1);
  if (lastNode?.type === 'text') out[out.length - 1] = { type: 'text', text: lastNode.text.replace(/\n[ \t]*$/, '') };
  return out;
}

/** Fills a parsed template and returns its paragraphs. */
export function fillTemplate(parsed: ParsedTemplate, values: TemplateValues): string[] {
  // Own properties only: a variable named like an Object.prototype member must not find it.
  const valueOf = (name: string) => (Object.hasOwn(values, name) ? values[name] : undefined);
  const text = (name: string): string => {
    const v = valueOf(name);
    if (v === undefined || v === null) throw new DomainError(DocumentErrors['document.template_missing_value'], { variable: name });
    if (parsed.allowed[name].kind === 'list') return list(name).join('、');
    if (typeof v !== 'string') throw kindError(name, 'text');
    return v;
  };
  const list = (name: string): readonly string[] => {
    const v = valueOf(name);
    if (v === undefined || v === null) throw new DomainError(DocumentErrors['document.template_missing_value'], { variable: name });
    // A text given for a list is a list of that one item (callers often pass 张三、李四 already joined).
    if (typeof v === 'string') return v.trim() === '' ? [] : [v];
    if (!Array.isArray(v) || v.some((item) => typeof item !== 'string')) throw kindError(name, 'list');
    return v;
  };
  const present = (name: string): boolean => {
    const v = valueOf(name);
    if (v === undefined || v === null) return false;
    return parsed.allowed[name].kind === 'list' ? list(name).length > 0 : text(name).trim() !== '';
  };

  const render = (nodes: readonly Node[], item?: { value: string; index: number }): string => {
    let out = '';
    for (const node of nodes) {
      switch (node.type) {
        case 'text':
          out += node.text;
          break;
        case 'var':
          out += text(node.name);
          break;
        case 'item':
          out += item!.value;
          break;
        case 'number':
          out += String(item!.index + 1);
          break;
        case 'chineseNumber':
          out += chineseNumeral(item!.index + 1);
          break;
        case 'if':
          out += render(present(node.name) ? node.then : node.otherwise, item);
          break;
        case 'each':
          if (node.block) {
            out += `\n\n${list(node.name)
              .map((value, index) => render(node.body, { value, index }))
              .join('\n\n')}\n\n`;
          } else {
            out += list(node.name)
              .map((value, index) => render(node.body, { value, index }))
              .join('');
          }
          break;
      }
    }
    return out;
  };

  return render(parsed.nodes)
    .split(/\n[ \t]*\n/)
    .map((p) => joinSoftBreaks(p.trim()))
    .filter((p) => p !== '');
}

function kindError(name: string, kind: VariableKind): DomainError {
  return new DomainError(DocumentErrors['document.template_value_kind'], {
    variable: name,
    expectedZh: kind === 'list' ? '文字列表' : '一段文字',
    expectedEn: kind === 'list' ? 'a list of texts' : 'a text',
  });
}

/** Removes single line breaks inside a paragraph, keeping a space between two Latin letters or digits. */
function joinSoftBreaks(paragraph: string): string {
  return paragraph.replace(/[ \t]*\n[ \t]*/g, (gap: string, at: number, whole: string) =>
    /[A-Za-z0-9.,;:!?)]/.test(whole[at - 1] ?? '') && /[A-Za-z0-9(]/.test(whole[at + gap.length] ?? '') ? ' ' : '',
  );
}

const DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (enough for numbering items). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 1000) {
    const rest = n % 100;
    return `${DIGITS[Math.floor(n / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumeral(rest)}` : chineseNumeral(rest)}`;
  }
  const rest = n % 1000;
  return `${DIGITS[Math.floor(n / 1000)]}千${rest === 0 ? '' : rest < 100 ? `零${chineseNumeral(rest).replace(/^十/, '一十')}` : chineseNumeral(rest)}`;
}
