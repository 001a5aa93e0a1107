/**
 * CSV in and out. `readCsv` reads RFC 4180 CSV with `csv-parse`, record by record, from a file
 * (streamed: the file is never one string in memory) or from text: fields separated by commas,
 * records by CRLF, LF or a lone CR, fields that hold a comma, a quote or a line break enclosed in
 * double quotes, a quote inside a quoted field written twice (`"say ""hi"""`). A UTF-8 byte order
 * mark at the start is ignored and empty lines are skipped (a trailing newline adds no record).
 *
 * It is strict where a lenient reader would guess: a quote inside an unquoted field, text after a
 * closing quote and an unterminated quoted field are problems reported with their line, and the
 * record is left out; reading goes on with the next one, so one stray quote does not hide the
 * problems after it.
 */
import { createReadStream } from 'node:fs';
import { finished, pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';

/** One record and the 1-based line of the file it starts on (as an editor numbers lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

/** CSV text, or the path of a file to stream it from. */
export type CsvSource = string | { path: string };

const NOT_CLOSED = 'a quoted field is not closed (a `"` is missing) before the end of the file';
const TEXT_AFTER_QUOTE =
  'text after the closing quote of a field (write a quote inside a quoted field as "")';
const QUOTE_IN_FIELD = 'a quote inside an unquoted field (enclose the field in quotes and double the quote)';

const isLineBreak = (char: string | undefined) => char === '\n' || char === '\r';
/** A quoted field from its opening quote: anything but a quote, or a doubled quote, then the closing one. */
const QUOTED_FIELD = /"[^"]*(?:""[^"]*)*"/y;

/**
 * The first quote out of place in a record's text (csv-parse reads such a record leniently, with
 * `relax_quotes`, so that it ends where the line does; this tells that it was not well formed).
 */
function quoteProblem(text: string): string | undefined {
  let pos = 0;
  for (;;) {
    if (text[pos] === '"') {
      QUOTED_FIELD.lastIndex = pos;
      if (!QUOTED_FIELD.test(text)) return NOT_CLOSED;
      pos = QUOTED_FIELD.lastIndex;
      if (pos < text.length && text[pos] !== ',') return TEXT_AFTER_QUOTE;
    } else {
      const end = text.indexOf(',', pos);
      const quote = text.indexOf('"', pos);
      if (quote !== -1 && (end === -1 || quote < end)) return QUOTE_IN_FIELD;
      pos = end === -1 ? text.length : end;
    }
    if (pos >= text.length) return undefined;
    pos++; // the comma
  }
}

/** A record as csv-parse hands it with the `raw` option: the fields and the record's raw text. */
interface RawRecord {
  record: string[];
  raw: string;
}

/**
 * Where each record starts, from the raw text csv-parse gives it: that runs from the end of the
 * previous record, so it starts with the empty lines skipped before this one (one CR or LF each: a
 * CRLF's LF is not in it), then the record's text, then the first character of its line break
 * (none at the end of the input). Only a quoted field holds a quote or a line break.
 */
class LineCounter {
  /** The line the next raw text starts on. */
  private next = 1;

  /** The line the record of `raw` starts on, and its text when it holds quotes (to be checked). */
  record(raw: string): { line: number; quoted?: string } {
    let emptyLines = 0;
    while (isLineBreak(raw[emptyLines])) emptyLines++;
    const line = this.next + emptyLines;
    const lineBreak = raw.length > emptyLines && isLineBreak(raw.at(-1));
    this.next = line + (lineBreak ? 1 : 0);
    if (!raw.includes('"')) return { line };
    const quoted = raw.slice(emptyLines, lineBreak ? -1 : undefined);
    this.next += quoted.match(/\r\n|\r|\n/g)?.length ?? 0;
    return { line, quoted };
  }
}

/**
 * Reads CSV from `source`, handing `onRecord` each record and `onProblem` each syntax problem (with
 * the line its record starts on) in the order they come in the file; resolves once it is all read.
 * Lines are counted here, from each record's raw text: csv-parse's own count tells where a record
 * ends, and counts a CRLF inside quotes as two.
 */
export async function readCsv(
  source: CsvSource,
  onRecord: (record: CsvRecord) => void,
  onProblem: (problem: CsvProblem) => void,
): Promise<void> {
  const lines = new LineCounter();
  // With relaxed quotes one error is left: a quoted field still open at the end of the input. Its
  // line is told once every record before it is counted.
  const unclosed: { error: CsvError | undefined; raw: string }[] = [];
  const parser = parse({
    bom: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    raw: true,
    on_skip: (error, raw) => {
      unclosed.push({ error, raw: raw ?? '' });
      return undefined;
    },
  });
  parser.on('data', ({ record, raw }: RawRecord) => {
    const { line, quoted } = lines.record(raw);
    const reason = quoted === undefined ? undefined : quoteProblem(quoted);
    if (reason === undefined) onRecord({ line, fields: record });
    else onProblem({ line, reason });
  });
  if (typeof source === 'string') {
    parser.end(source);
    await finished(parser);
  } else {
    await pipeline(createReadStream(source.path), parser);
  }
  for (const { error, raw } of unclosed) {
    const { line } = lines.record(raw);
    onProblem({ line, reason: error?.code === 'CSV_QUOTE_NOT_CLOSED' ? NOT_CLOSED : String(error) });
  }
}

function quote(field: string): string {
  return /^\uFEFF|[",\r\n]/.test(field) || field === '' ? `"${field.replaceAll('"', '""')}"` : field;
}

/**
 * Writes rows as CSV: a field is quoted only when it holds a comma, a quote or a line break, or
 * starts with a BOM (and an empty field only when it is a row's only field, so that the row is not
 * an empty line).
 * Records end with `lineEnding` (LF by default; RFC 4180 says CRLF, and `readCsv` reads both),
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
