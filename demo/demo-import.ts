import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STANDARD_HOUSEHOLD_TAGS } from '../shared/config/vocabulary.js';
import { districtCsv } from '../shared/services/import/district-csv.js';
import { DISTRICT_FILES } from '../shared/services/import/district-format.js';
import {
  importDistrict,
  readDistrictDir,
  type ImportSummary,
} from '../shared/services/import/import-district.js';
import type { DistrictTable } from '../shared/store/table.js';
import { lvyuanDemoDistrict } from './lvyuan-district.js';

/**
 * The Lüyuan demo district as committed CSV (`examples/districts/lvyuan/`), loaded through the same
 * import path a district's staff use. A test proves the files parse to exactly `lvyuanDemoDistrict()`.
 */
export const DEMO_DISTRICT_DIR = fileURLToPath(new URL('../examples/districts/lvyuan/', import.meta.url));

/** Seeds a table with the demo district by importing the example CSV files. */
export async function importDemoDistrict(table: DistrictTable): Promise<ImportSummary> {
  return importDistrict(table, readDistrictDir(DEMO_DISTRICT_DIR), { tags: STANDARD_HOUSEHOLD_TAGS });
}

/**
 * Regenerates the example files from the generator, after a change to `lvyuan-district.ts`:
 * `npx tsx -e "import('./demo/demo-import.ts').then((m) => m.writeDemoDistrictCsv())"`.
 */
export function writeDemoDistrictCsv(dir: string = DEMO_DISTRICT_DIR): void {
  mkdirSync(dir, { recursive: true });
  const files = districtCsv(lvyuanDemoDistrict());
  for (const name of DISTRICT_FILES) {
    const text = files[name];
    if (text !== undefined) writeFileSync(path.join(dir, `${name}.csv`), text);
  }
}
