import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DISTRICT_CONFIG_DIR, loadDistrictConfigs, SKIP_BUNDLING_CONTEXT } from '../../infra/synthesize.js';
import { DistrictConfigError } from '../../shared/config/district-config.js';
import { temporaryDirectoriesForThisFile } from '../support/synthesized.js';

const temporaryDirectory = temporaryDirectoriesForThisFile();

type Json = Record<string, unknown>;

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** A build of the web pages in the shape of web/dist. */
const WEB_FIXTURE = path.join(REPOSITORY_ROOT, 'test', 'support', 'web-dist');
const lvyuan = JSON.parse(readFileSync(path.join(DISTRICT_CONFIG_DIR, 'lvyuan.json'), 'utf8')) as Json;

/** A config directory holding the given district files. */
function configDir(files: Record<string, unknown>): string {
  const dir = temporaryDirectory('sanzhang-config-');
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function withSlaRules(rules: unknown[]): Json {
  const config = structuredClone(lvyuan);
  (config.sla as Json).rules = rules;
  return config;
}

/** Runs the CDK app (bin/sanzhang.ts) as `cdk synth` would, with the given context. */
function synthApp(context: Json) {
  const outdir = temporaryDirectory('sanzhang-cdk-out-');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/sanzhang.ts'], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
  });
  return { ...run, outdir };
}

function loadError(dir: string): DistrictConfigError {
  try {
    loadDistrictConfigs(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(DistrictConfigError);
    return error as DistrictConfigError;
  }
  throw new Error('the configs loaded without an error');
}

describe('district configs at synth time', () => {
  it('loads every district in config/districts', () => {
    expect(loadDistrictConfigs().map((config) => config.district.id)).toEqual(['lvyuan', 'nanguan']);
  });

  it('names the path of a bad field and the file it is in', () => {
    const bad = withSlaRules([{ acknowledgeMinutes: -5, resolveMinutes: 1440 }]);
    const error = loadError(configDir({ 'lvyuan.json': bad }));
    expect(error.message).toMatch(/lvyuan\.json/);
    expect(error.problems.some((problem) => problem.startsWith('sla.rules.0.acknowledgeMinutes:'))).toBe(
      true,
    );
  });

  it('rejects an SLA policy without a fallback rule', () => {
    const error = loadError(
      configDir({
        'lvyuan.json': withSlaRules([{ priority: 'urgent', acknowledgeMinutes: 15, resolveMinutes: 120 }]),
      }),
    );
    expect(error.problems).toContainEqual(expect.stringMatching(/^sla\.rules: .*fallback/));
  });

  it('caps awards per staff member per month: 300 unless said, never below one award', () => {
    const points = lvyuan.points as Json;
    const { monthlyAwardCap: _cap, ...withoutCap } = points;
    const [defaulted] = loadDistrictConfigs(configDir({ 'lvyuan.json': { ...lvyuan, points: withoutCap } }));
    expect(defaulted!.points.monthlyAwardCap).toBe(300);
    const error = loadError(
      configDir({ 'lvyuan.json': { ...lvyuan, points: { ...points, maxAward: 50, monthlyAwardCap: 40 } } }),
    );
    expect(error.problems).toContainEqual(
      expect.stringMatching(/^points\.monthlyAwardCap: must be at least maxAward/),
    );
  });

  it('rejects a file that is not JSON, and two files for one district', () => {
    expect(loadError(configDir({ 'broken.json': '{ "district": ' })).message).toMatch(
      /broken\.json[\s\S]*not valid JSON/,
    );
    expect(loadError(configDir({ 'a.json': lvyuan, 'b.json': lvyuan })).message).toMatch(
      /district\.id: "lvyuan" is already used/,
    );
  });

  it('fails the CDK app with the field path, before anything is synthesized', () => {
    const run = synthApp({
      configDir: configDir({ 'lvyuan.json': withSlaRules([{ acknowledgeMinutes: 0, resolveMinutes: 60 }]) }),
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Invalid district config');
    expect(run.stderr).toContain('sla.rules.0.acknowledgeMinutes');
    expect(run.stderr).not.toMatch(/\bat \S+ \(/); // a message, not a stack trace
  });

  it('fails the CDK app with what to run when the web pages are not built', () => {
    const run = synthApp({
      configDir: configDir({ 'lvyuan.json': lvyuan }),
      webDir: temporaryDirectory('sanzhang-unbuilt-web-'),
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /The web pages are not built \(.*leader[/\\]index\.html is missing\): run npm run web:build first\./,
    );
    expect(run.stderr).not.toMatch(/\bat \S+ \(/);
  });

  it('synthesizes one stack per district file through the CDK app', () => {
    const second = structuredClone(lvyuan);
    (second.district as Json).id = 'nanguan';
    (second.district as Json).name = '南关区';
    const run = synthApp({
      ...SKIP_BUNDLING_CONTEXT,
      configDir: configDir({ 'lvyuan.json': lvyuan, 'nanguan.json': second }),
      webDir: WEB_FIXTURE,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(run.outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string }>;
    };
    const stacks = Object.entries(manifest.artifacts)
      .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
      .map(([name]) => name);
    expect(stacks.sort()).toEqual(['Sanzhang-lvyuan', 'Sanzhang-nanguan']);
    // Two whole stacks in a child process: past the default minute on a busy machine.
  }, 180_000);
});
