/** One column of an exported table: the row's field and the header a person reads. */
export interface CsvColumn<Row> {
  key: keyof Row & string;
  title: string;
}

/** Excel reads a file without it as the local code page and garbles Chinese. */
const BYTE_ORDER_MARK = '\uFEFF';

/** Characters that make a spreadsheet read a cell as a formula (CSV injection); tab and CR too. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A number is data, even a negative one; a string that looks like a formula is neutralized.
  const safe = typeof value !== 'number' && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A table as CSV (RFC 4180: CRLF line ends, fields with commas, quotes or line breaks quoted), with
 * a byte-order mark so Excel opens Chinese correctly, and text that a spreadsheet would run as a
 * formula (= + - @ at the start) prefixed with an apostrophe.
 */
export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[]): string {
  const lines = [
    columns.map((column) => cell(column.title)),
    ...rows.map((row) => columns.map((column) => cell(row[column.key]))),
  ];
  return BYTE_ORDER_MARK + lines.map((fields) => fields.join(',')).join('\r\n') + '\r\n';
}

/**
 * Saves CSV text as a file the browser downloads (through a Blob: the text is never put in a URL),
 * with the byte-order mark added when the text came without one (the server's summary).
 */
export function downloadCsv(fileName: string, csv: string): void {
  const text = csv.startsWith(BYTE_ORDER_MARK) ? csv : BYTE_ORDER_MARK + csv;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName.endsWith('.csv') ? fileName : `${fileName}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
