import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../../shared/errors.js';
import { open311ErrorResponse, open311Response } from '../../../shared/services/open311/response.js';
import { escapeXml, SparkList, type Open311Document } from '../../../shared/services/open311/spark.js';
import { asXmlText, children, json, spark, text, xmlRoot } from './open311-fixtures.js';

const tricky = `Tom & Jerry's "door" <b>broken</b> > 3栋`;

describe('XML and JSON rendering', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`& < > " '`)).toBe('&amp; &lt; &gt; &quot; &apos;');
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });

  it('drops characters XML cannot carry, keeps tabs, newlines and every other character', () => {
    expect(escapeXml('a\u0000b\u0007c\u001Fd\uFFFEe\uD800f')).toBe('abcdef');
    expect(escapeXml('一\t二\n三\r四 😀')).toBe('一\t二\n三\r四 😀');
  });

  it('round-trips escaped text through a real XML parser', () => {
    const document: Open311Document = {
      root: 'service_requests',
      body: new SparkList('request', [{ description: tricky, address: null }]),
    };
    const response = open311Response(200, document, 'xml');
    const [request] = children(xmlRoot(response, 'service_requests'), 'request');
    expect(text(request, 'description')).toBe(tricky);
    expect(text(request, 'address')).toBe('');
    expect(String(response.body)).toContain('<address/>');
  });

  it('renders one tree as XML and as its Spark JSON: lists are arrays, absent values null', () => {
    const document: Open311Document = {
      root: 'discovery',
      body: {
        name: tricky,
        count: 3,
        flag: false,
        nothing: null,
        things: new SparkList('thing', [
          { key: 'a', name: '甲' },
          { key: 'b', name: null },
        ]),
        one: new SparkList('item', ['only']),
        none: new SparkList('item', []),
      },
    };
    const asJson = json(open311Response(200, document, 'json'));
    expect(asJson).toEqual({
      name: tricky,
      count: 3,
      flag: false,
      nothing: null,
      things: [
        { key: 'a', name: '甲' },
        { key: 'b', name: null },
      ],
      one: ['only'],
      none: [],
    });
    expect(spark(xmlRoot(open311Response(200, document, 'xml'), 'discovery'))).toEqual(asXmlText(asJson));
  });

  it('sets the content types the spec gives, with the status asked for', () => {
    const document: Open311Document = { root: 'services', body: new SparkList('service', []) };
    const xml = open311Response(201, document, 'xml');
    const asJson = open311Response(200, document, 'json');
    expect(xml.statusCode).toBe(201);
    expect(xml.headers).toEqual({ 'content-type': 'text/xml; charset=utf-8' });
    expect(xml.body).toBe('<?xml version="1.0" encoding="utf-8"?>\n<services/>');
    expect(asJson.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
    expect(asJson.body).toBe('[]');
  });
});

describe('errors in the spec’s format', () => {
  function errorsOf(error: unknown) {
    const xml = open311ErrorResponse(error, 'xml');
    const asJson = open311ErrorResponse(error, 'json');
    expect(xml.statusCode).toBe(asJson.statusCode);
    const root = xmlRoot(xml, 'errors');
    const xmlErrors = children(root, 'error').map((node) => ({
      code: Number(text(node, 'code')),
      description: text(node, 'description'),
    }));
    expect(xmlErrors).toEqual(json(asJson));
    expect(spark(root)).toEqual(asXmlText(json(asJson)));
    return { status: asJson.statusCode, errors: json(asJson) as { code: number; description: string }[] };
  }

  it('a 403 for a missing or invalid api_key, with the description', () => {
    expect(errorsOf(new ForbiddenError('Invalid api_key received'))).toEqual({
      status: 403,
      errors: [{ code: 403, description: 'Invalid api_key received' }],
    });
    expect(errorsOf(new UnauthorizedError('no key')).status).toBe(403);
  });

  it('a 404 for what does not exist', () => {
    expect(errorsOf(new NotFoundError('No request R1.'))).toEqual({
      status: 404,
      errors: [{ code: 404, description: 'No request R1.' }],
    });
  });

  it('one error per field of a validation failure', () => {
    const error = new ValidationError('The request is invalid', [
      { field: 'lat', message: 'must be between -90 and 90' },
      { field: 'media_url', message: 'must be an http or https URL' },
    ]);
    expect(errorsOf(error)).toEqual({
      status: 400,
      errors: [
        { code: 400, description: 'lat: must be between -90 and 90' },
        { code: 400, description: 'media_url: must be an http or https URL' },
      ],
    });
  });

  it('400 for any other client error, our own code kept in the body', () => {
    expect(errorsOf(new ConflictError('Already closed.'))).toEqual({
      status: 400,
      errors: [{ code: 409, description: 'Already closed.' }],
    });
  });

  it('500 for anything else, saying nothing of the cause', () => {
    const { status, errors } = errorsOf(new Error('DynamoDB table sanzhang-lvyuan throttled at arn:aws:…'));
    expect(status).toBe(500);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe(500);
    expect(errors[0]?.description).not.toMatch(/DynamoDB|arn|throttled/);
    expect(errorsOf('a thrown string').status).toBe(500);
  });
});
