import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_TO_FLOOR_BUDGET, buildFloor, packagesOf } from '../../bin/bundle-floors.js';
import { REPOSITORY_ROOT, SanzhangFunction } from '../../infra/sanzhang-function.js';
import { addDistrictStacks, loadDistrictConfigs, SKIP_BUNDLING_CONTEXT } from '../../infra/synthesize.js';
import type { DistrictConfig } from '../../shared/config/district-config.js';
import { BUNDLED_PARTS, bundledPartDefines } from '../../shared/runtime/bundled-parts.js';

/**
 * Every function of a district stack, bundled as its construct bundles it (its entry and esbuild
 * options), against its floor: the minimal bundle of the same third-party packages
 * (bin/bundle-floors.ts). `npm run bench` measures the synthesized assets themselves; this test
 * builds with the construct's own options, in parallel, to stay fast.
 */
interface Measured {
  bytes: number;
  packages: string[];
}

/**
 * Bundles the functions as their constructs do, one esbuild run per set of options (the functions
 * bundled with the same parts share a run, so the SDK is parsed once for them).
 */
async function bundle(functions: SanzhangFunction[], options = (fn: SanzhangFunction) => fn.bundlingOptions) {
  const groups = Map.groupBy(functions, (fn) => JSON.stringify(options(fn)));
  const measured = new Map<SanzhangFunction, Measured>();
  for (const group of groups.values()) {
    const result = await build({
      ...options(group[0]!),
      entryPoints: Object.fromEntries(group.map((fn, index) => [`f${index}`, fn.entry])),
      outdir: path.join(REPOSITORY_ROOT, 'bundles'),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    for (const output of Object.values(result.metafile.outputs)) {
      const fn = group.find(
        (candidate) => candidate.entry === path.join(REPOSITORY_ROOT, output.entryPoint ?? ''),
      );
      if (!fn) continue;
      const files = Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0);
      measured.set(fn, { bytes: output.bytes, packages: packagesOf(files.map(([file]) => file)) });
    }
  }
  return measured;
}

/** Builds each distinct floor once (many functions hold the same packages). */
function floors(config: DistrictConfig) {
  const built = new Map<string, Promise<{ bytes: number }>>();
  return (packages: string[]) => {
    const key = packages.join(' ');
    if (!built.has(key)) built.set(key, buildFloor(config, packages));
    return built.get(key)!;
  };
}

function functionsOf(config: DistrictConfig): SanzhangFunction[] {
  const app = new App({ context: SKIP_BUNDLING_CONTEXT });
  addDistrictStacks(app, [config]);
  return app.node.findAll().filter((construct) => construct instanceof SanzhangFunction);
}

/** Lüyuan texts through SNS, Nanguan through Tencent Cloud: of Nanguan, the functions whose parts differ. */
const DISTRICTS = [
  { districtId: 'lvyuan', measures: () => true },
  {
    districtId: 'nanguan',
    measures: (fn: SanzhangFunction) =>
      fn.node.id === 'ListRequests' ||
      fn.parts.some((part) => part === 'tencentSms' || part === 'smsCallback'),
  },
];

describe.each(DISTRICTS)('the bundles of district $districtId', ({ districtId, measures }) => {
  const config = loadDistrictConfigs().find((candidate) => candidate.district.id === districtId)!;
  const floorOf = floors(config);
  let ratios: { id: string; bytes: number; floor: number; ratio: number }[];
  let functions: SanzhangFunction[];

  beforeAll(async () => {
    functions = functionsOf(config).filter(measures);
    const measured = await bundle(functions);
    ratios = await Promise.all(
      functions.map(async (fn) => {
        const { bytes, packages } = measured.get(fn)!;
        const floor = await floorOf(packages);
        return { id: fn.node.id, bytes, floor: floor.bytes, ratio: bytes / floor.bytes };
      }),
    );
  }, 600_000);

  it(`are each at most ${BUNDLE_TO_FLOOR_BUDGET}× the floor of the packages they hold`, () => {
    expect(ratios.length).toBeGreaterThan(districtId === 'lvyuan' ? 40 : 4);
    const over = ratios.filter((row) => row.ratio > BUNDLE_TO_FLOOR_BUDGET);
    expect(over, JSON.stringify(over, null, 1)).toEqual([]);
  });

  it('would break the budget bundled with every part (the parts keep the clients a function does not use out)', async () => {
    const listRequests = functions.find((fn) => fn.node.id === 'ListRequests')!;
    const everyPart = (fn: SanzhangFunction) => ({
      ...fn.bundlingOptions,
      define: { ...fn.bundlingOptions.define, ...bundledPartDefines(BUNDLED_PARTS) },
    });
    const bloated = (await bundle([listRequests], everyPart)).get(listRequests)!;
    const own = ratios.find((row) => row.id === 'ListRequests')!;
    expect(bloated.packages).toEqual(
      expect.arrayContaining(['@aws-sdk/client-sfn', '@aws-sdk/client-kms', '@aws-sdk/client-s3']),
    );
    expect(bloated.bytes / own.floor).toBeGreaterThan(BUNDLE_TO_FLOOR_BUDGET);
  }, 60_000);
});
