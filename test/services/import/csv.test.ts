import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv, toCsv, type CsvProblem, type CsvRecord } from '../../../shared/services/import/csv.js';

/** Every record and problem of the text. */
async function parseCsv(text: string) {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  await readCsv(
    text,
    (record) => records.push(record),
    (problem) => problems.push(problem),
  );
  return { records, problems };
}

const fieldsOf = async (text: string) => (await parseCsv(text)).records.map((record) => record.fields);

describe('readCsv', () => {
  it('reads a header and rows, numbering records by the file line they start on', async () => {
    const { records, problems } = await parseCsv('id,name\na,张三\nb,李四\n');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['a', '张三'] },
      { line: 3, fields: ['b', '李四'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks; a record spanning lines keeps its first line', async () => {
    const text = 'a,"x, y","say ""hi"""\n"multi\nline\r\nfield",b,c\nlast,1,2';
    const { records, problems } = await parseCsv(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'x, y', 'say "hi"'] },
      { line: 2, fields: ['multi\nline\r\nfield', 'b', 'c'] },
      { line: 5, fields: ['last', '1', '2'] },
    ]);
  });

  it('accepts CRLF, LF and lone CR line endings, and ignores a UTF-8 BOM', async () => {
    expect(await fieldsOf('\uFEFFid,name\r\na,b\r\n')).toEqual([
      ['id', 'name'],
      ['a', 'b'],
    ]);
    expect(await fieldsOf('a,b\rc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect((await parseCsv('\uFEFF"id",x\n')).records[0]).toEqual({ line: 1, fields: ['id', 'x'] });
  });

  it('skips empty lines (and the trailing newline) but counts them in line numbers', async () => {
    const { records } = await parseCsv('h\n\nx\r\n\r\ny\n\n');
    expect(records).toEqual([
      { line: 1, fields: ['h'] },
      { line: 3, fields: ['x'] },
      { line: 5, fields: ['y'] },
    ]);
    expect(await fieldsOf('')).toEqual([]);
    expect(await fieldsOf('\n\n')).toEqual([]);
  });

  it('keeps empty fields: between commas, at the end of a record, and "" on its own', async () => {
    expect(await fieldsOf('a,,b\nc,d,\n""\n,\n')).toEqual([['a', '', 'b'], ['c', 'd', ''], [''], ['', '']]);
  });

  it('keeps spaces as they are (trimming is the caller’s choice)', async () => {
    expect(await fieldsOf(' a , b ')).toEqual([[' a ', ' b ']]);
  });

  it('streams a file (a path) to the same records and problems as its text, across read chunks', async () => {
    const lines = Array.from({ length: 20_000 }, (_, index) =>
      index % 1000 === 7
        ? `"${index}\r\nsecond line",楼`
        : index % 1000 === 9
          ? `${index},"x"y`
          : `${index},栋`,
    );
    const text = `\uFEFF${lines.join('\r\n')}\r\n`;
    const dir = mkdtempSync(path.join(tmpdir(), 'sanzhang-csv-'));
    try {
      const file = path.join(dir, 'big.csv');
      writeFileSync(file, text);
      const streamed = { records: [] as CsvRecord[], problems: [] as CsvProblem[] };
      await readCsv(
        { path: file },
        (record) => streamed.records.push(record),
        (problem) => streamed.problems.push(problem),
      );
      expect(streamed).toEqual(await parseCsv(text));
      expect(streamed.problems).toHaveLength(20);
      expect(streamed.records.at(-1)).toEqual({ line: 20_020, fields: ['19999', '栋'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects when the file cannot be read', async () => {
    await expect(
      readCsv(
        { path: '/no/such/file.csv' },
        () => {},
        () => {},
      ),
    ).rejects.toThrow(/ENOENT/);
  });

  it('reports every syntax problem with its line and goes on with the next line', async () => {
    const text = ['id,name', 'a,b"c', 'ok,1', '"x"y,2', 'fine,2', '"never closed,3', 'lost'].join('\n');
    const { records, problems } = await parseCsv(text);
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

  it('quotes a field that starts with a BOM, so that the reader does not take it for the file’s', async () => {
    expect(await fieldsOf(toCsv([['\uFEFFx', 'y']]))).toEqual([['\uFEFFx', 'y']]);
  });

  it('round-trips anything: readCsv(toCsv(rows)) returns the rows', async () => {
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
      const { records, problems } = await parseCsv(toCsv(rows, ending));
      expect(problems).toEqual([]);
      expect(records.map((record) => record.fields)).toEqual(rows);
    }
  });
});
