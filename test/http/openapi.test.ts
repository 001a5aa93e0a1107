import { readFileSync } from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { lvyuanDemoDistrict } from '../../demo/lvyuan-district.js';
import { LocalAuth } from '../../local/local-auth.js';
import { localRoutes } from '../../local/local-routes.js';
import type { LocalStack } from '../../local/local-stack.js';
import { OPENAPI_PATH, SCHEMA_TYPES_PATH, webApiFiles } from '../../bin/web-api.js';
import { ROUTE_EXAMPLES } from '../../shared/http/contract/examples.js';
import type { RouteKey } from '../../shared/http/contract/route-contract.js';
import { ROUTE_CONTRACTS } from '../../shared/http/contract/table.js';
import { openApiDocument } from '../../shared/http/openapi.js';
import { API_ROUTES } from '../../shared/http/routes.js';
import * as z from '../../shared/zod.js';

const document = openApiDocument({ serverUrl: 'https://api.example.cn' });
type Operation = { operationId: string; parameters: { name: string; in: string }[]; responses: object };
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({
    key: `${method.toUpperCase()} ${path}`,
    path,
    operation,
  })),
);

describe('the OpenAPI document', () => {
  it('has every route of API_ROUTES, and no other', () => {
    const routes = API_ROUTES.map((route) => `${route.method} ${route.path}`).sort();
    expect(operations.map(({ key }) => key).sort()).toEqual(routes);
    expect(Object.keys(ROUTE_CONTRACTS).sort()).toEqual(routes);
  });

  it('is valid OpenAPI 3.1 (the spec rules of @redocly/openapi-core, which openapi-typescript reads it with)', async () => {
    const config = await createConfig({ extends: ['minimal'], rules: { 'no-unused-components': 'error' } });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: 'openapi.json',
      config,
    });
    expect(
      problems.filter((problem) => problem.severity === 'error').map((problem) => problem.message),
    ).toEqual([]);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: 'https://api.example.cn' }]);
  });

  it('names each path parameter of each template, once, and gives each operation a unique id', () => {
    for (const { key, path, operation } of operations) {
      const named = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = operation.parameters
        .filter((parameter) => parameter.in === 'path')
        .map(({ name }) => name);
      expect([key, declared]).toEqual([key, named]);
    }
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves every $ref', () => {
    const text = JSON.stringify(document);
    const refs = [...text.matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)];
    expect(refs.length).toBeGreaterThan(50);
    for (const [, kind, name] of refs) {
      const section = document.components[kind as keyof typeof document.components] as Record<
        string,
        unknown
      >;
      expect([kind, name, section[name!] !== undefined]).toEqual([kind, name, true]);
    }
    expect(text).not.toContain('#/$defs/');
  });

  it('has examples that its schemas accept', () => {
    for (const [key, examples] of Object.entries(ROUTE_EXAMPLES)) {
      const contract = ROUTE_CONTRACTS[key as RouteKey];
      if (examples.body !== undefined)
        expect(z.safeParse(contract.body!, examples.body).error).toBeUndefined();
      for (const [status, example] of Object.entries(examples.responses ?? {})) {
        const schema = contract.responses[Number(status)]?.schema;
        expect([key, status, schema && z.safeParse(schema, example).success]).toEqual([key, status, true]);
      }
    }
  });
});

describe('web/src/api', () => {
  it('openapi.json and schema.d.ts are what `npm run web:api` writes from the code today (run it after changing a route or a schema)', async () => {
    const fresh = await webApiFiles();
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(fresh.openapi);
    expect(readFileSync(SCHEMA_TYPES_PATH, 'utf8')).toBe(fresh.types);
  });
});

describe('GET /openapi.json on the local run', () => {
  it('answers the document with the origin it was asked at as its server', async () => {
    const routes = localRoutes({
      district: lvyuanDemoDistrict(),
      auth: new LocalAuth(),
      stack: {} as LocalStack,
    });
    const response = await routes('GET', new URL('http://127.0.0.1:3000/openapi.json'));
    expect(response?.statusCode).toBe(200);
    const served = JSON.parse(String(response?.body)) as typeof document;
    expect(served.servers).toEqual([{ url: 'http://127.0.0.1:3000' }]);
    expect(served.paths).toEqual(document.paths);
  });
});
