import { renderPdf } from '../../../platform/pdf/render-pdf';
import { fillTemplate, parseTemplate, type TemplateValues } from '../../../platform/pdf/template';
import { DEFAULT_TEMPLATES, type DocumentKind } from './templates';

export interface CaseDocumentMeta {
  /** Issuing organisation, e.g. 上海市知识产权局. */
  readonly orgName: string;
  /** Document number (文号), e.g. 沪知裁受字〔2026〕第123号. */
  readonly documentNumber: string;
  /** Addressee line; leave out for documents that name the parties in the body (调解书, 行政裁决书). */
  readonly addressee?: string;
  /** `YYYY-MM-DD` (Asia/Shanghai). */
  readonly issuedDate: string;
  /** Small print on every page telling how to check the document, e.g. its digest in the evidence ledger. */
  readonly verificationHint?: string;
}

/**
 * Renders one case document: the template text (the default or an administrator's version of
 * `kind`) is parsed against the kind's variables, filled, and laid out as a PDF. The same
 * arguments always give the same bytes.
 */
export async function renderCaseDocument(kind: DocumentKind, templateText: string, values: TemplateValues, meta: CaseDocumentMeta): Promise<Uint8Array> {
  const template = DEFAULT_TEMPLATES[kind];
  const paragraphs = fillTemplate(parseTemplate(templateText, template.variables), values);
  return renderPdf({
    orgName: meta.orgName,
    title: template.title,
    documentNumber: meta.documentNumber,
    addressee: meta.addressee,
    paragraphs,
    issuedDate: meta.issuedDate,
    verificationHint: meta.verificationHint,
  });
}
