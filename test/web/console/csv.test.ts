import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadCsv, toCsv } from '../../../web/src/console/csv';

interface Row {
  name: string;
  points: number;
  note?: string | null;
}
const columns = [
  { key: 'name', title: '姓名' },
  { key: 'points', title: '积分' },
  { key: 'note', title: '备注' },
] as const;
const body = (csv: string) => csv.slice(1);

describe('a table as CSV', () => {
  it('starts with a byte-order mark, then the titles and one CRLF-ended line per row', () => {
    const csv = toCsv<Row>([{ name: '王芳', points: 12, note: '按时办结' }], columns);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(body(csv)).toBe('姓名,积分,备注\r\n王芳,12,按时办结\r\n');
  });

  it('quotes fields with commas, quotes and line breaks, doubling the quotes (RFC 4180)', () => {
    const csv = toCsv<Row>([{ name: '李"老"师', points: 1, note: '一楼,二楼\n三楼' }], columns);
    expect(body(csv).split('\r\n')[1]).toBe('"李""老""师",1,"一楼,二楼\n三楼"');
  });

  it('writes nothing for a missing or null field', () => {
    const csv = toCsv<Row>(
      [
        { name: '张伟', points: 0, note: null },
        { name: '赵敏', points: 3 },
      ],
      columns,
    );
    expect(body(csv)).toBe('姓名,积分,备注\r\n张伟,0,\r\n赵敏,3,\r\n');
  });

  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1'])(
    'puts an apostrophe before text a spreadsheet would run as a formula: %s',
    (note) => {
      const line = body(toCsv<Row>([{ name: 'a', points: 1, note }], columns)).split('\r\n')[1] ?? '';
      expect(line.split(',').slice(2).join(',').replace(/^"/, '')).toMatch(/^'/);
    },
  );

  it('keeps a negative number a number (a debit is data, not a formula)', () => {
    expect(body(toCsv<Row>([{ name: 'a', points: -50 }], columns)).split('\r\n')[1]).toBe('a,-50,');
  });

  it('guards the titles too', () => {
    expect(body(toCsv<Row>([], [{ key: 'name', title: '=cmd' }]))).toBe("'=cmd\r\n");
  });
});

describe('downloading CSV', () => {
  afterEach(() => vi.restoreAllMocks());

  it('clicks a link to a Blob of the text, with a byte-order mark, named .csv', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:csv';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    downloadCsv('settlement-2026-11', 'month,points\n2026-11,3\n');
    expect(clicked).toEqual([{ href: 'blob:csv', download: 'settlement-2026-11.csv' }]);
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await blobs[0]!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(document.querySelector('a[download]')).toBeNull();
  });
});
