import { GCProfiler } from 'node:v8';
import { parseArgs } from 'node:util';
import { STANDARD_HOUSEHOLD_TAGS } from '../shared/config/vocabulary.js';
import { parseDistrictCsv } from '../shared/services/import/district-csv.js';
import { importDistrict, readDistrictDir } from '../shared/services/import/import-district.js';
import { CapacityMeter } from '../local/capacity-meter.js';
import { createDocumentClient } from '../shared/store/document-client.js';

/**
 * The import half of `npm run bench:district`, run by it in a process of its own so that the peak
 * memory measured is the import's alone: reads a district's CSV files from `--dir` (as
 * `npm run import` does) and imports them into `--table` at `--endpoint`, or without them only
 * parses and validates them (as `npm run import -- --dry-run` does). Prints progress on stderr and
 * one line of JSON on stdout (`ImportFigures`).
 */
export interface ImportFigures {
  households: number;
  /** Seconds from the start to the end of validation. */
  validatedSeconds: number;
  /** The process's peak resident set size (bytes) when validation ended. */
  peakRssValidated: number;
  /** The most V8 heap in use at any moment (bytes): the largest heap seen before a collection. */
  peakHeap: number;
  /** What the writes added, unless only validated. */
  written?: {
    items: number;
    /** Seconds from the start to the last write. */
    importedSeconds: number;
    writeUnits: number;
    calls: number;
    /** The process's peak resident set size (bytes) at the end. */
    peakRss: number;
  };
}

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    endpoint: { type: 'string' },
    table: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
  },
});
const { dir, endpoint, table } = values;
if (!dir) throw new Error('--dir is required');

/** `maxRSS` is in kilobytes. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;
const seconds = (since: number) => (performance.now() - since) / 1000;
const gcProfiler = new GCProfiler();
gcProfiler.start();
/** The largest heap in use so far; stops the profiler. */
const peakHeap = () =>
  (gcProfiler.stop()?.statistics ?? []).reduce(
    (peak, collection) => Math.max(peak, collection.beforeGC.heapStatistics.usedHeapSize),
    process.memoryUsage().heapUsed,
  );
const started = performance.now();

async function validateOnly(from: string): Promise<ImportFigures> {
  const parsed = await parseDistrictCsv(readDistrictDir(from), { tags: STANDARD_HOUSEHOLD_TAGS });
  if ('problems' in parsed) throw new Error(`${parsed.problems.length} problems in ${from}`);
  const validatedSeconds = seconds(started);
  const peakRssValidated = peakRss();
  return {
    households: parsed.data.households.length,
    validatedSeconds,
    peakRssValidated,
    peakHeap: peakHeap(),
  };
}

async function importInto(from: string, at: string, name: string): Promise<ImportFigures> {
  const db = createDocumentClient({ endpoint: at });
  const meter = new CapacityMeter(db);
  let validatedSeconds = NaN;
  let peakRssValidated = NaN;
  let written = 0;
  const progress = setInterval(
    () => console.error(`  … ${Math.round(seconds(started))} s: ${written} items written`),
    60_000,
  ).unref();
  try {
    const summary = await importDistrict({ db, name }, readDistrictDir(from), {
      concurrency: Number(values.concurrency),
      tags: STANDARD_HOUSEHOLD_TAGS,
      onValidated: () => {
        validatedSeconds = seconds(started);
        peakRssValidated = peakRss();
      },
      onProgress: (items) => (written = items),
    });
    const importedSeconds = seconds(started);
    const peakRssImported = peakRss(); // before the profiler's report adds objects of its own
    const capacity = meter.take();
    return {
      households: summary.households,
      validatedSeconds,
      peakRssValidated,
      peakHeap: peakHeap(),
      written: {
        items: summary.items,
        importedSeconds,
        writeUnits: capacity.write,
        calls: capacity.calls,
        peakRss: peakRssImported,
      },
    };
  } finally {
    clearInterval(progress);
    db.destroy();
  }
}

const figures = endpoint && table ? await importInto(dir, endpoint, table) : await validateOnly(dir);
console.log(JSON.stringify(figures));
