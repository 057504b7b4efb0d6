import { codeTable, type CodeEntry } from '../codes';

export const CODES_PATH = 'docs/codes.md';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function table(entries: readonly CodeEntry[], language: 'es' | 'en'): string[] {
  const head =
    language === 'es' ? '| código | qué significa | qué hacer |' : '| code | what it means | what to do |';
  return [
    head,
    '| --- | --- | --- |',
    ...entries.map((e) => `| \`${e.code}\` | ${cell(e[language].meaning)} | ${cell(e[language].action)} |`),
  ];
}

/**
 * The code table as a document for people, in Spanish then English, from the same data `/v1/codes` serves.
 * Rejection codes answer a signal; error codes answer a request to the gateway.
 */
export function codesDocument(): string {
  const rejections = codeTable.filter((e) => e.kind === 'rejection');
  const errors = codeTable.filter((e) => e.kind === 'error');
  return [
    '<!-- Generated from libs/contracts/src/codes.ts by `npm run atalaya -- contracts export`. Do not edit. -->',
    '',
    '# Códigos de rechazo y de error · Rejection and error codes',
    '',
    'Cada rechazo y cada respuesta de error lleva su código y `help`, el enlace a su entrada: ' +
      '`GET /v1/codes/<CÓDIGO>` en el gateway. Un código no cambia ni se reutiliza nunca; el mensaje sí puede cambiar.',
    '',
    'Every rejection and every error answer carries its code and `help`, the link to its entry: ' +
      '`GET /v1/codes/<CODE>` on the gateway. A code is never renamed or reused; the message may change.',
    '',
    '## Rechazos de señales',
    '',
    ...table(rejections, 'es'),
    '',
    '## Errores de la API',
    '',
    ...table(errors, 'es'),
    '',
    '## Signal rejections',
    '',
    ...table(rejections, 'en'),
    '',
    '## API errors',
    '',
    ...table(errors, 'en'),
    '',
  ].join('\n');
}
