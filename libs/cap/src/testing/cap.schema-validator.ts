import { validateXML } from 'xmllint-wasm';

/** The official schema, beside the repository as CI clones it (`<repo>/../shared/`): from the repository's root. */
export const CAP_XSD_FROM_REPO_ROOT = '../shared/standards/cap/CAP-v1.2.xsd';

export function missingXsdMessage(path: string): string {
  return (
    `CAP 1.2 schema not found at ${path}: the CAP tests validate every document against the official ` +
    `CAP-v1.2.xsd of the shared standards folder, which must sit beside the repository (${CAP_XSD_FROM_REPO_ROOT})`
  );
}

export interface XsdFile {
  fileName: string;
  contents: string;
}

/**
 * xmllint's XML Schema errors for the documents (none when all are valid), each naming its document as
 * `doc-<index>.xml`. Test code only: xmllint-wasm is a devDependency.
 */
export async function schemaErrors(xsd: XsdFile, documents: readonly string[]): Promise<string[]> {
  if (documents.length === 0) return [];
  const result = await validateXML({
    xml: documents.map((contents, i) => ({ fileName: `doc-${i}.xml`, contents })),
    schema: [xsd],
  });
  if (result.valid) return [];
  return result.errors.length > 0 ? result.errors.map((e) => e.rawMessage) : [result.rawOutput];
}
