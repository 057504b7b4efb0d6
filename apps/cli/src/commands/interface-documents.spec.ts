import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse } from 'yaml';
import { ASYNCAPI_PATH, CODES_PATH, contractDrift, OPENAPI_PATH, SCHEMAS_DIR } from '@atalaya/contracts';
import { interfaceDocuments } from './contracts.command';

const rendered = interfaceDocuments(readFileSync('deploy/topics.yaml', 'utf8'));

describe('the checked-in interface documents', () => {
  it('are what the schemas generate', () => {
    const schemaFiles = existsSync(SCHEMAS_DIR)
      ? readdirSync(SCHEMAS_DIR)
          .filter((name) => name.endsWith('.schema.json'))
          .map((name) => `${SCHEMAS_DIR}/${name}`)
      : [];
    const found = Object.fromEntries(
      [ASYNCAPI_PATH, OPENAPI_PATH, CODES_PATH, ...schemaFiles]
        .filter((path) => existsSync(path))
        .map((path) => [path, readFileSync(path, 'utf8')]),
    );
    expect(contractDrift(rendered, found)).toEqual([]);
  });
});

interface RedoclyProblem {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly location: { readonly pointer?: string }[];
}

/** Redocly CLI's findings on one document, with the project's configuration and its written-down exceptions. */
function redocly(path: string): Promise<{ totals: Record<string, number>; problems: string[] }> {
  return new Promise((done, fail) => {
    execFile(
      'node_modules/.bin/redocly',
      ['lint', path, '--format=json'],
      { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout) => {
        const start = stdout.indexOf('{');
        if (start < 0) return fail(error ?? new Error(`redocly printed no JSON: ${stdout}`));
        const report = JSON.parse(stdout.slice(start)) as {
          totals: Record<string, number>;
          problems: RedoclyProblem[];
        };
        done({
          totals: report.totals,
          problems: report.problems.map(
            (p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`,
          ),
        });
      },
    );
  });
}

describe.each([ASYNCAPI_PATH, OPENAPI_PATH])('%s', (path) => {
  it("is clean under Redocly CLI's recommended rules, but for the exceptions written down", async () => {
    const { totals, problems } = await redocly(path);
    expect(problems).toEqual([]);
    expect(totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);
});

describe('the AsyncAPI document', () => {
  it('parses with @asyncapi/parser without a single diagnostic', async () => {
    const { document, diagnostics } = await new Parser().parse(rendered[ASYNCAPI_PATH]);
    expect(diagnostics.map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.channels().length).toBe(6);
  });
});

describe('the OpenAPI document', () => {
  const document = parse(rendered[OPENAPI_PATH]) as Record<string, unknown>;

  it('validates with swagger-parser, every $ref resolved', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('gives every JSON request body and every JSON success answer an example', () => {
    const schemas = (document.components as Record<string, Record<string, Record<string, unknown>>>).schemas;
    const exampled = (media: Record<string, unknown>) => {
      if (media.example !== undefined || media.examples !== undefined) return true;
      const schema = media.schema as Record<string, unknown> | undefined;
      const ref = typeof schema?.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;
      return ref !== undefined && Array.isArray(schemas[ref]?.examples);
    };
    const lacking = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(
      ([path, item]) =>
        Object.entries(item).flatMap(([method, op]) => {
          const bodies = [
            ['request', op.requestBody?.content?.['application/json']] as const,
            ...Object.entries(op.responses)
              .filter(([status]) => status.startsWith('2'))
              .map(([status, answer]) => [status, answer.content?.['application/json']] as const),
          ];
          return bodies
            .filter(([, media]) => media !== undefined && !exampled(media))
            .map(([what]) => `${method.toUpperCase()} ${path} ${what}`);
        }),
    );
    expect(lacking).toEqual([]);
  });
});

interface Operation {
  readonly requestBody?: { readonly content?: Record<string, Record<string, unknown>> };
  readonly responses: Record<string, { readonly content?: Record<string, Record<string, unknown>> }>;
}
