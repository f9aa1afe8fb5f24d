import type { FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { toProblem, type Problem } from '../api';
import { useI18n } from '../i18n';

/** Domain error codes that belong to one form field (so the message sits under that field). */
export type CodeFieldMap = Record<string, string>;

function fieldOf(problemPath: string): string {
  return problemPath.split('.')[0];
}

/**
 * Holds the last API problem of a form and shows its per-field messages on the form's fields,
 * in the current language — re-rendered when the language changes, dropped when the field is edited.
 */
export function useFormProblem(form: FormInstance, codeFields: CodeFieldMap = {}) {
  const { locale } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [cleared, setCleared] = useState<Set<string>>(new Set());
  const codeFieldsRef = useRef(codeFields);
  codeFieldsRef.current = codeFields;
  const fieldNames = useRef<Set<string>>(new Set());

  const apply = useCallback(() => {
    const byField = new Map<string, string[]>();
    if (problem) {
      for (const e of problem.errors ?? []) {
        const f = fieldOf(e.path);
        if (!cleared.has(f)) byField.set(f, [...(byField.get(f) ?? []), e.messages[locale]]);
      }
      const mapped = Object.entries(codeFieldsRef.current).find(([prefix]) => problem.code === prefix || (prefix.endsWith('.') && problem.code.startsWith(prefix)));
      if (mapped && !cleared.has(mapped[1])) byField.set(mapped[1], [problem.messages[locale]]);
    }
    const known = new Set(form.getFieldsError().map((f) => String(f.name[0])));
    const updates = [...byField.entries()].filter(([f]) => known.has(f)).map(([name, errors]) => ({ name, errors }));
    // Fields that carried a server message before and no longer do are cleared (an edited
    // field has already been re-validated by its own rules).
    for (const f of fieldNames.current) if (!byField.has(f) && known.has(f) && !cleared.has(f)) updates.push({ name: f, errors: [] });
    fieldNames.current = new Set(byField.keys());
    form.setFields(updates);
  }, [form, problem, cleared, locale]);

  useEffect(apply, [apply]);

  useEffect(() => {
    // Client-side rule messages are re-run so that they too follow the language.
    const stale = form
      .getFieldsError()
      .filter((f) => f.errors.length > 0 && !fieldNames.current.has(String(f.name[0])))
      .map((f) => f.name);
    if (stale.length) form.validateFields(stale).catch(() => undefined);
  }, [locale, form]);

  const report = useCallback((e: unknown) => {
    setCleared(new Set());
    setProblem(toProblem(e));
  }, []);

  const clear = useCallback(() => {
    setCleared(new Set());
    setProblem(null);
  }, []);

  const onValuesChange = useCallback((changed: Record<string, unknown>) => {
    setCleared((prev) => {
      const next = new Set(prev);
      for (const k of Object.keys(changed)) next.add(k);
      return next;
    });
  }, []);

  /** The server's message for one field, if it has one that the user has not edited since. */
  const fieldMessage = (name: string): string | undefined => {
    if (!problem || cleared.has(name)) return undefined;
    const own = (problem.errors ?? []).filter((e) => fieldOf(e.path) === name).map((e) => e.messages[locale]);
    if (own.length) return own.join(' ');
    const mapped = Object.entries(codeFieldsRef.current).find(([prefix]) => problem.code === prefix || (prefix.endsWith('.') && problem.code.startsWith(prefix)));
    return mapped && mapped[1] === name ? problem.messages[locale] : undefined;
  };

  return { problem, report, clear, onValuesChange, fieldMessage };
}
