/**
 * A small RFC 4180 CSV reader and writer (no dependency): fields separated by commas, records by
 * CRLF or LF, fields that hold a comma, a quote or a line break enclosed in double quotes, and a
 * quote inside a quoted field written twice (`"say ""hi"""`). A UTF-8 byte order mark at the start
 * is ignored and completely empty lines are skipped (a trailing newline adds no record).
 *
 * The reader is strict where a lenient one would guess: a quote inside an unquoted field, text
 * after a closing quote and an unterminated quoted field are problems reported with their line.
 */

/** One record and the 1-based line of the file it starts on (as an editor numbers lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

export interface CsvParseResult {
  records: CsvRecord[];
  problems: CsvProblem[];
}

const BOM = '\uFEFF';

/**
 * Parses CSV text into records. A record with a syntax problem is reported and left out; parsing
 * goes on with the next line, so one stray quote does not hide the problems after it.
 */
export function parseCsv(text: string): CsvParseResult {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const source = text.startsWith(BOM) ? text.slice(1) : text;
  const length = source.length;
  let pos = 0;
  let line = 1;

  /** Skips to the start of the next line (after a syntax problem). */
  function skipRestOfLine(): void {
    while (pos < length && source[pos] !== '\n' && source[pos] !== '\r') pos++;
    if (source[pos] === '\r') pos++;
    if (source[pos] === '\n') pos++;
    line++;
  }

  while (pos < length) {
    const startLine = line;
    // An empty line (LF, CRLF or a lone CR) is no record.
    if (source[pos] === '\n' || source[pos] === '\r') {
      skipRestOfLine();
      continue;
    }
    const fields: string[] = [];
    let problem: string | undefined;
    for (;;) {
      let value = '';
      if (source[pos] === '"') {
        // A quoted field: runs to the next quote that is not doubled.
        pos++;
        let closed = false;
        while (pos < length) {
          const char = source[pos];
          if (char === '"') {
            if (source[pos + 1] === '"') {
              value += '"';
              pos += 2;
              continue;
            }
            pos++;
            closed = true;
            break;
          }
          if (char === '\r' && source[pos + 1] === '\n') {
            value += '\r\n';
            pos += 2;
            line++;
            continue;
          }
          if (char === '\n' || char === '\r') line++;
          value += char;
          pos++;
        }
        if (!closed) {
          problem = 'a quoted field is not closed (a `"` is missing) before the end of the file';
          break;
        }
        const next = source[pos];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          problem = 'text after the closing quote of a field (write a quote inside a quoted field as "")';
          break;
        }
      } else {
        const start = pos;
        while (pos < length) {
          const char = source[pos];
          if (char === ',' || char === '\n' || char === '\r') break;
          if (char === '"') {
            problem = 'a quote inside an unquoted field (enclose the field in quotes and double the quote)';
            break;
          }
          pos++;
        }
        if (problem) break;
        value = source.slice(start, pos);
      }
      fields.push(value);
      if (source[pos] === ',') {
        pos++;
        continue;
      }
      break;
    }
    if (problem) {
      problems.push({ line: startLine, reason: problem });
      if (pos < length) skipRestOfLine();
      continue;
    }
    records.push({ line: startLine, fields });
    // End of record: CRLF, LF, a lone CR, or the end of the text.
    if (source[pos] === '\r') pos++;
    if (source[pos] === '\n') pos++;
    line++;
  }
  return { records, problems };
}

function quote(field: string): string {
  return /^\uFEFF|[",\r\n]/.test(field) || field === '' ? `"${field.replaceAll('"', '""')}"` : field;
}

/**
 * Writes rows as CSV: a field is quoted only when it holds a comma, a quote or a line break, or
 * starts with a BOM (and an empty field only when it is a row's only field, so that the row is not
 * an empty line).
 * Records end with `lineEnding` (LF by default; RFC 4180 says CRLF, and `parseCsv` reads both),
 * including the last one.
 */
export function toCsv(rows: readonly (readonly string[])[], lineEnding: '\n' | '\r\n' = '\n'): string {
  return rows
    .map((row) =>
      row.length === 1
        ? quote(row[0] ?? '')
        : row.map((field) => (field === '' ? '' : quote(field))).join(','),
    )
    .map((record) => record + lineEnding)
    .join('');
}
