/**
 * Official documents (文书) as PDF: the template language administrators edit, and the renderer
 * that lays the filled paragraphs out on A4 with the Chinese font embedded. See
 * docs/architecture.md, "Official documents (PDF)".
 */
export { renderPdf, type OfficialDocument } from './render-pdf';
export { parseTemplate, fillTemplate, chineseNumeral, type AllowedVariables, type ParsedTemplate, type TemplateValues, type VariableKind } from './template';
export { formatDocumentDate } from './document-date';
export { DocumentErrors } from './pdf.errors';
