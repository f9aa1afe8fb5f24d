import type { Organisation } from '../../../api';
import { ORG_KINDS } from '../../../labels';

export interface OrgNode {
  org: Organisation;
  children: OrgNode[];
}

/** The flat list from GET /api/orgs as a forest; siblings by kind (offices first), then code. */
export function buildForest(items: Organisation[]): OrgNode[] {
  const byId = new Map(items.map((o) => [o.id, { org: o, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const node of byId.values()) {
    const parent = node.org.parentId ? byId.get(node.org.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (nodes: OrgNode[]) => {
    nodes.sort((a, b) => ORG_KINDS.indexOf(a.org.kind) - ORG_KINDS.indexOf(b.org.kind) || a.org.code.localeCompare(b.org.code));
    nodes.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** Ids of an organisation and everything below it (it cannot become its own ancestor). */
export function subtreeIds(items: Organisation[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of items) if (o.parentId && ids.has(o.parentId) && !ids.has(o.id)) {
      ids.add(o.id);
      grew = true;
    }
  }
  return ids;
}

/** Options in tree order with indentation, for parent pickers. */
export function flattenForOptions(forest: OrgNode[], label: (o: Organisation) => string, depth = 0): { value: string; label: string; org: Organisation }[] {
  return forest.flatMap((n) => [
    { value: n.org.id, label: `${'\u3000'.repeat(depth)}${label(n.org)}`, org: n.org },
    ...flattenForOptions(n.children, label, depth + 1),
  ]);
}

/** Select options for choosing an organisation, in tree order and indented by depth. */
export function orgOptions(
  orgs: Organisation[],
  label: (o: Organisation) => string,
  opts: { activeOnly?: boolean; keep?: string | null } = {},
): { value: string; label: string }[] {
  return flattenForOptions(buildForest(orgs), label)
    .filter((o) => !opts.activeOnly || o.org.active || o.value === opts.keep)
    .map(({ value, label: text }) => ({ value, label: text }));
}
