/**
 * A readable API reference rendered on the server from the OpenAPI document: no CDN script,
 * so it works on an offline government network, and it is plain accessible HTML.
 */

interface Operation {
  summary?: string;
  description?: string;
  operationId?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<string, { description?: string }>;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function renderDocsPage(doc: { info: { title: string; version: string; description?: string }; paths: Record<string, Record<string, Operation>> }): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'Other';
      const params = (op.parameters ?? []).map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''})${p.description ? ` — ${esc(p.description)}` : ''}</li>`).join('');
      const bodyRef = Object.values(op.requestBody?.content ?? {})[0]?.schema?.$ref?.split('/').pop();
      const responses = Object.entries(op.responses ?? {}).map(([code, r]) => `<li><code>${esc(code)}</code> ${esc(r.description ?? '')}</li>`).join('');
      const html = `<section class="op" id="${esc(op.operationId ?? `${method}-${path}`)}">
<h3><span class="m m-${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary ?? '')}</p>${op.description ? `<p class="d">${esc(op.description).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\n\n/g, '<br>')}</p>` : ''}
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}${bodyRef ? `<h4>Body</h4><p>schema <code>${esc(bodyRef)}</code></p>` : ''}
<h4>Responses</h4><ul>${responses}</ul></section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const nav = [...byTag.keys()].map((t) => `<li><a href="#tag-${esc(t)}">${esc(t)}</a></li>`).join('');
  const sections = [...byTag.entries()].map(([t, ops]) => `<h2 id="tag-${esc(t)}">${esc(t)}</h2>${ops.join('\n')}`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)} API reference</title>
<style>body{font-family:system-ui,"WenQuanYi Micro Hei",sans-serif;max-width:60rem;margin:0 auto;padding:1rem 1.5rem;color:#1f1f1f;line-height:1.5}
code{background:#f2f2f2;padding:0 .25rem;border-radius:3px}.op{border:1px solid #d9d9d9;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.m{display:inline-block;min-width:4.5rem;text-align:center;border-radius:4px;color:#fff;font-size:.85rem;padding:.1rem .3rem}
.m-get{background:#0958d9}.m-post{background:#237804}.m-put{background:#ad4e00}.m-patch{background:#874d00}.m-delete{background:#a8071a}
h3{font-size:1.05rem;margin:.3rem 0}h4{margin:.4rem 0 .2rem;font-size:.95rem}.d{color:#434343}a{color:#0958d9}</style></head>
<body><header><h1>${esc(doc.info.title)} — API reference <small>v${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description ?? '')}</p><p>Machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a></p></header>
<nav aria-label="Sections"><ul>${nav}</ul></nav><main>${sections}</main></body></html>`;
}
