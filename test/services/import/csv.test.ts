import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../../shared/services/import/csv.js';

const fieldsOf = (text: string) => parseCsv(text).records.map((record) => record.fields);

describe('parseCsv', () => {
  it('reads a header and rows, numbering records by the file line they start on', () => {
    const { records, problems } = parseCsv('id,name\na,张三\nb,李四\n');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['a', '张三'] },
      { line: 3, fields: ['b', '李四'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks; a record spanning lines keeps its first line', () => {
    const text = 'a,"x, y","say ""hi"""\n"multi\nline\r\nfield",b,c\nlast,1,2';
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'x, y', 'say "hi"'] },
      { line: 2, fields: ['multi\nline\r\nfield', 'b', 'c'] },
      { line: 5, fields: ['last', '1', '2'] },
    ]);
  });

  it('accepts CRLF, LF and lone CR line endings, and ignores a UTF-8 BOM', () => {
    expect(fieldsOf('\uFEFFid,name\r\na,b\r\n')).toEqual([
      ['id', 'name'],
      ['a', 'b'],
    ]);
    expect(fieldsOf('a,b\rc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('\uFEFF"id",x\n').records[0]).toEqual({ line: 1, fields: ['id', 'x'] });
  });

  it('skips empty lines (and the trailing newline) but counts them in line numbers', () => {
    const { records } = parseCsv('h\n\nx\r\n\r\ny\n\n');
    expect(records).toEqual([
      { line: 1, fields: ['h'] },
      { line: 3, fields: ['x'] },
      { line: 5, fields: ['y'] },
    ]);
    expect(fieldsOf('')).toEqual([]);
    expect(fieldsOf('\n\n')).toEqual([]);
  });

  it('keeps empty fields: between commas, at the end of a record, and "" on its own', () => {
    expect(fieldsOf('a,,b\nc,d,\n""\n,\n')).toEqual([['a', '', 'b'], ['c', 'd', ''], [''], ['', '']]);
  });

  it('keeps spaces as they are (trimming is the caller’s choice)', () => {
    expect(fieldsOf(' a , b ')).toEqual([[' a ', ' b ']]);
  });

  it('reports every syntax problem with its line and goes on with the next line', () => {
    const text = ['id,name', 'a,b"c', 'ok,1', '"x"y,2', 'fine,2', '"never closed,3', 'lost'].join('\n');
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([
      { line: 2, reason: expect.stringMatching(/quote inside an unquoted field/) },
      { line: 4, reason: expect.stringMatching(/text after the closing quote/) },
      { line: 6, reason: expect.stringMatching(/not closed/) },
    ]);
    expect(records.map((record) => record.fields[0])).toEqual(['id', 'ok', 'fine']);
  });
});

describe('toCsv', () => {
  it('quotes only fields that need it and ends every record with the line ending', () => {
    expect(toCsv([['id', 'a,b', 'say "hi"', 'two\nlines', '']])).toBe(
      'id,"a,b","say ""hi""","two\nlines",\n',
    );
    expect(toCsv([['a', 'b'], ['c']], '\r\n')).toBe('a,b\r\nc\r\n');
  });

  it('writes a row with one empty field as "" so that it is not an empty line', () => {
    expect(toCsv([[''], ['x']])).toBe('""\nx\n');
  });

  it('quotes a field that starts with a BOM, so that the reader does not take it for the file’s', () => {
    expect(fieldsOf(toCsv([['\uFEFFx', 'y']]))).toEqual([['\uFEFFx', 'y']]);
  });

  it('round-trips anything: parseCsv(toCsv(rows)) returns the rows', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['a', 'Z', '9', ' ', ',', '"', '\n', '\r', '\r\n', '楼', '栋', ';', '\uFEFF'];
    const rows = Array.from({ length: 300 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
        Array.from(
          { length: Math.floor(random() * 6) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join(''),
      ),
    );
    for (const ending of ['\n', '\r\n'] as const) {
      const { records, problems } = parseCsv(toCsv(rows, ending));
      expect(problems).toEqual([]);
      expect(records.map((record) => record.fields)).toEqual(rows);
    }
  });
});
