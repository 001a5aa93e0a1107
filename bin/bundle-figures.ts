import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPOSITORY_ROOT } from '../infra/sanzhang-function.js';
import { synthesizeDistrictAssembly } from '../infra/synthesize.js';
import type { DistrictConfig } from '../shared/config/district-config.js';
import {
  BUNDLE_TO_FLOOR_BUDGET,
  buildFloor,
  IMPORT_TO_FLOOR_BUDGET,
  packagesOfSourceMap,
} from './bundle-floors.js';

/**
 * The deployed bundles against their floors (bin/bundle-floors.ts), in one run: the district's
 * stack is synthesized with bundling, each function's asset is measured as it would be deployed,
 * its floor is built next to it, and both are imported in fresh Node processes, taking turns.
 * Functions holding the same packages share a floor, and its imports are pooled: every function
 * of the group is divided by the same floor median, taken from many samples.
 */

/** The Node of the `node` devDependency: the Lambda runtime's major version, whatever runs the bench. */
const NODE = path.join(REPOSITORY_ROOT, 'node_modules', 'node', 'bin', 'node');

/** Imports per bundle, each followed by one of its floor; the medians are reported. */
const IMPORT_RUNS = 11;

interface Bundle {
  /** The file imported, and its size. */
  file: string;
  bytes: number;
}

interface DeployedFunction extends Bundle {
  name: string;
  packages: string[];
  /** The function's environment, references (ARNs, names) replaced by placeholders. */
  environment: Record<string, string>;
}

interface Resource {
  Type: string;
  Properties?: { Code?: { S3Key?: string }; Environment?: { Variables?: Record<string, unknown> } };
}

/** Every Sanzhang function of the synthesized template with its asset's bundle (CDK's own functions left out). */
function deployedFunctions(template: Record<string, unknown>, assemblyDirectory: string): DeployedFunction[] {
  return Object.entries(template.Resources as Record<string, Resource>).flatMap(([logicalId, resource]) => {
    const key = resource.Properties?.Code?.S3Key;
    if (resource.Type !== 'AWS::Lambda::Function' || !key) return [];
    const file = path.join(assemblyDirectory, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
    if (!existsSync(file)) return [];
    const variables = resource.Properties?.Environment?.Variables ?? {};
    return [
      {
        name: logicalId.replace(/Function[0-9A-F]{8}$/, ''),
        file,
        bytes: statSync(file).size,
        packages: packagesOfSourceMap(file),
        environment: Object.fromEntries(
          Object.entries(variables).map(([name, value]) => [
            name,
            typeof value === 'string' ? value : `bench-${name.toLowerCase()}`,
          ]),
        ),
      },
    ];
  });
}

interface Import {
  /** Wall time of the import. */
  ms: number;
  /** CPU time of the importing (main) thread: the same work, but not inflated when other processes share the machine. */
  cpuMs: number;
  rssMiB: number;
}

/** Imports a bundle in a fresh process with the function's environment: the time of the import and the peak RSS. */
function importOnce(file: string, environment: Record<string, string>, region: string): Import {
  const script =
    'const cpu = process.threadCpuUsage(); const start = performance.now();' +
    `await import(${JSON.stringify(pathToFileURL(file).href)});` +
    'const ms = performance.now() - start; const used = process.threadCpuUsage(cpu);' +
    'const cpuMs = (used.user + used.system) / 1000;' +
    // The process's own high-water mark (VmHWM, reset by exec): `resourceUsage().maxRSS` would carry
    // the spawning bench's peak across fork and exec on Linux.
    "const { readFileSync } = await import('node:fs');" +
    "const hwm = /VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));" +
    'process.stdout.write(JSON.stringify({ ms, cpuMs, rssMiB: Number(hwm?.[1] ?? Number.NaN) / 1024 }));';
  const run = spawnSync(NODE, ['--input-type=module', '-e', script], {
    cwd: path.dirname(file),
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', AWS_REGION: region, ...environment },
  });
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Import;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Builds each distinct floor once, written beside the assets (many functions hold the same packages). */
async function floorsOf(config: DistrictConfig, functions: DeployedFunction[], dir: string) {
  const floors = new Map<string, Bundle>();
  for (const fn of functions) {
    const key = fn.packages.join(' ');
    if (floors.has(key)) continue;
    const file = path.join(dir, `floor-${floors.size}`, 'index.mjs');
    const { bytes } = await buildFloor(config, fn.packages, file);
    floors.set(key, { file, bytes });
  }
  return (fn: DeployedFunction) => floors.get(fn.packages.join(' '))!;
}

export async function printBundleFigures(config: DistrictConfig): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sanzhang-bundle-figures-'));
  try {
    const { template, assemblyDirectory } = synthesizeDistrictAssembly(config, {
      bundle: true,
      outdir: path.join(dir, 'cdk.out'),
    });
    const functions = deployedFunctions(template, assemblyDirectory);
    const floorOf = await floorsOf(config, functions, dir);
    const region = config.deploy?.region ?? 'ap-southeast-1';
    const realImports = new Map(functions.map((fn) => [fn.name, [] as Import[]]));
    const floorImports = new Map(functions.map((fn) => [floorOf(fn), [] as Import[]]));
    for (let run = 0; run < IMPORT_RUNS; run++) {
      for (const fn of functions) {
        realImports.get(fn.name)!.push(importOnce(fn.file, fn.environment, region));
        floorImports.get(floorOf(fn))!.push(importOnce(floorOf(fn).file, fn.environment, region));
      }
    }
    const rows = functions.map((fn) => {
      const floor = floorOf(fn);
      const real = realImports.get(fn.name)!;
      const pooled = floorImports.get(floor)!;
      const realMs = median(real.map((one) => one.cpuMs));
      const floorMs = median(pooled.map((one) => one.cpuMs));
      const wallRatio = median(real.map((one) => one.ms)) / median(pooled.map((one) => one.ms));
      return {
        function: fn.name,
        KB: Math.round(fn.bytes / 1024),
        'floor KB': Math.round(floor.bytes / 1024),
        'size ratio': Number((fn.bytes / floor.bytes).toFixed(2)),
        'import CPU ms': Math.round(realMs),
        'floor CPU ms': Math.round(floorMs),
        'import ratio': Number((realMs / floorMs).toFixed(2)),
        'wall ratio': Number(wallRatio.toFixed(2)),
        'peak RSS MiB': Math.round(median(real.map((one) => one.rssMiB))),
        'floor RSS MiB': Math.round(median(pooled.map((one) => one.rssMiB))),
      };
    });
    const version = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
    console.log(
      `\nLambda bundles as synthesized (district ${config.district.id}) against their floors, ` +
        `imported in fresh Node ${version} processes, taking turns. The import ratio divides the medians of ` +
        `the importing thread's CPU time (${IMPORT_RUNS} imports of each bundle; a floor's imports pooled ` +
        'over the functions sharing it); the wall ratio does the same with wall time, which other work on ' +
        'the machine inflates:\n',
    );
    console.table(rows);
    const worst = (key: 'size ratio' | 'import ratio') => Math.max(...rows.map((row) => row[key]));
    console.log(
      `\nLargest size ratio ${worst('size ratio')} (goal ≤ ${BUNDLE_TO_FLOOR_BUDGET}), ` +
        `largest import ratio ${worst('import ratio')} (goal ≤ ${IMPORT_TO_FLOOR_BUDGET}).`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
