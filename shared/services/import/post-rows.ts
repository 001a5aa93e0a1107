/** posts.csv: who holds the post of which node. */
import type { CsvSource } from './csv.js';
import { readRows, type Report } from './file-rows.js';

/** A post: its node and holder are checked once households.csv is read too (see cross-references.ts). */
export interface PostRow {
  line: number;
  nodeId: string;
  personId: string;
}

/** Reads posts.csv: the posts of rows without problems of their own (a post has one holder). */
export async function readPosts(source: CsvSource, report: Report): Promise<PostRow[]> {
  const lines = new Map<string, number>();
  const rows: PostRow[] = [];
  await readRows('posts', source, report, (row) => {
    if (row.broken) return;
    const { node_id: nodeId = '', person_id: personId = '' } = row.values;
    const first = lines.get(nodeId);
    if (first !== undefined) {
      report(row.line, `node "${nodeId}" already has a post holder (line ${first}); a post has one holder`);
      return;
    }
    lines.set(nodeId, row.line);
    rows.push({ line: row.line, nodeId, personId });
  });
  return rows;
}
