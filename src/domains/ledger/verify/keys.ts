/** Whether two sets of verifier keys are the same (order, white space and duplicates ignored). Browser-safe. */
export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  const norm = (keys: readonly string[]) => [...new Set(keys.map((k) => k.trim()).filter(Boolean))].sort();
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((k, i) => k === y[i]);
}
