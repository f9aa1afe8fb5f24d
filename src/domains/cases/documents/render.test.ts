import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { renderCaseDocument, type CaseDocumentMeta } from './render';
import { DEFAULT_TEMPLATES, DOCUMENT_KINDS, exampleValues } from './templates';

const meta: CaseDocumentMeta = {
  orgName: '上海市知识产权局',
  documentNumber: '沪知裁字〔2026〕第 123 号',
  addressee: '上海甲医疗器械有限公司',
  issuedDate: '2026-11-25',
  verificationHint: '本文书的 SHA-256 摘要已记入证据账本，可在 https://zhibao.example.gov.cn/verify 核验。',
};

async function extractText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(pdf.slice());
  try {
    let text = '';
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join('');
    }
    return text.replace(/\s+/g, '');
  } finally {
    await doc.destroy();
  }
}

describe('renderCaseDocument', () => {
  it.each(DOCUMENT_KINDS)('renders the default %s with its example values into a PDF whose text reads back', async (kind) => {
    const template = DEFAULT_TEMPLATES[kind];
    const pdf = await renderCaseDocument(kind, template.text, exampleValues(kind), meta);
    const text = await extractText(pdf);
    expect(text).toContain(template.title);
    expect(text).toContain('沪知裁字〔2026〕第123号');
    expect(text).toContain('2026年11月25日');
    expect(text).toContain('第1页共');
  });

  it('uses an administrator\'s edited text and refuses one with an unknown variable', async () => {
    const edited = '{{requesterName}}：\n\n经研究，本部门决定受理你方的请求，案号为{{caseNumber}}。';
    const text = await extractText(await renderCaseDocument('acceptance_notice', edited.replace('{{requesterName}}：\n\n', ''), exampleValues('acceptance_notice'), meta));
    expect(text).toContain('经研究，本部门决定受理你方的请求，案号为沪知裁〔2026〕123号。');
    await expect(renderCaseDocument('acceptance_notice', edited, exampleValues('acceptance_notice'), meta)).rejects.toMatchObject({
      code: 'document.template_unknown_variable',
      params: { variable: 'requesterName', line: 1 },
    });
  });

  it('renders the same case document to the same bytes', async () => {
    const render = () => renderCaseDocument('decision', DEFAULT_TEMPLATES.decision.text, exampleValues('decision'), { ...meta, addressee: undefined });
    expect(Buffer.from(await render()).equals(Buffer.from(await render()))).toBe(true);
  });
});
