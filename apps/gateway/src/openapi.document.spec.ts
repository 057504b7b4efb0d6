import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { HealthController, MetricsController } from '@atalaya/platform';
import { GatewayModule } from './gateway.module';
import { openApiDocument } from './openapi.document';
import { openApiExamples } from './openapi.examples';

/** Every route the gateway's controllers serve, as `METHOD /path` with OpenAPI's `{param}`. */
function servedRoutes(): string[] {
  const own = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, GatewayModule) ?? []) as (new (
    ...args: never[]
  ) => unknown)[];
  // Every service serves the platform's /health and /metrics beside its own routes.
  const controllers = [...own, HealthController, MetricsController];
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, object>;
    return Object.getOwnPropertyNames(proto)
      .filter((name) => name !== 'constructor')
      .map((name) => proto[name])
      .filter((handler) => typeof handler === 'function' && Reflect.hasMetadata(PATH_METADATA, handler))
      .map((handler) => {
        const paths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat();
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        return paths.map((path) => {
          const full = `/${[base, path].filter((p) => p !== '' && p !== '/').join('/')}`;
          return `${method} ${full.replace(/:(\w+)/g, '{$1}')}`;
        });
      })
      .flat();
  });
}

describe('the OpenAPI document', () => {
  it('documents every route the gateway serves, and no other', () => {
    const doc = openApiDocument();
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(servedRoutes().sort());
  });
});

describe('the examples of the OpenAPI document', () => {
  it('are each used by a request body or an answer of the route they name', () => {
    const doc = openApiDocument();
    const used = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { requestBody?: object; responses: object }>).flatMap(
        ([method, op]) => [
          ...(op.requestBody ? [`${method} ${path} request`] : []),
          ...Object.keys(op.responses).map((status) => `${method} ${path} ${status}`),
        ],
      ),
    );
    expect(Object.keys(openApiExamples).filter((key) => !used.includes(key))).toEqual([]);
  });
});
