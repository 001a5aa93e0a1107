import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkDistrictConfigFiles,
  DISTRICT_CONFIG_DIR,
  districtConfigFiles,
} from '../../infra/district-configs.js';

type Json = Record<string, unknown>;

const dir = mkdtempSync(path.join(tmpdir(), 'sanzhang-config-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lvyuan = JSON.parse(readFileSync(path.join(DISTRICT_CONFIG_DIR, 'lvyuan.json'), 'utf8')) as Json;

function file(name: string, content: unknown): string {
  const target = path.join(dir, name);
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  return target;
}

/** lvyuan with two wrong fields in different places. */
function twiceWrong(): Json {
  const config = structuredClone(lvyuan);
  (config.district as Json).timeZone = 'Asia/Changchun';
  (config.sms as Json).signature = '绿园三长';
  return config;
}

function runCheck(...files: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bin/config-check.ts', ...files], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    encoding: 'utf8',
  });
}

describe('checking district configs', () => {
  it('finds every district of config/districts valid', () => {
    const checked = checkDistrictConfigFiles(districtConfigFiles());
    expect(checked.map(({ config }) => config?.district.id)).toEqual(['lvyuan', 'nanguan']);
    expect(checked.flatMap(({ problems }) => problems)).toEqual([]);
  });

  it("refuses a web domain too long for leaders' SMS links, naming the field", () => {
    const withDomain = (domain: string) => ({
      ...structuredClone(lvyuan),
      web: { domain, certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123' },
    });
    const [fits, tooLong] = checkDistrictConfigFiles([
      file('short-domain.json', withDomain('sq.lvyuan.gov.cn')),
      file('long-domain.json', withDomain('sanzhang-platform.lvyuan-district.gov.cn')),
    ]);
    expect(fits?.problems).toEqual([]);
    expect(tooLong?.config).toBeUndefined();
    expect(tooLong?.problems).toEqual([
      expect.stringMatching(
        /^web\.domain: is 24 character\(s\) too long for leaders' SMS links: (assigned|escalated\w+)UrgentLink .* takes 94 characters/,
      ),
    ]);
  });

  it('names every problem of every file with its field path, not only the first', () => {
    const checked = checkDistrictConfigFiles([
      file('twice-wrong.json', twiceWrong()),
      file('broken.json', '{ "district": '),
      file('valid.json', lvyuan),
    ]);
    expect(checked.map(({ problems }) => problems)).toEqual([
      [
        expect.stringMatching(/^district\.timeZone: must be an IANA time zone/),
        expect.stringMatching(/^sms\.signature: must be a registered signature/),
      ],
      [expect.stringMatching(/^\(root\): not valid JSON/)],
      [],
    ]);
    expect(checked[2]?.config?.district.id).toBe('lvyuan');
  });

  it('refuses a second file for the same district, naming the first', () => {
    const checked = checkDistrictConfigFiles([file('a.json', lvyuan), file('b.json', lvyuan)]);
    expect(checked.map(({ problems }) => problems)).toEqual([
      [],
      ['district.id: "lvyuan" is already used by a.json'],
    ]);
  });

  it('prints every problem with its file and exits non-zero; exits zero when all are valid', () => {
    const bad = runCheck(file('cli-twice-wrong.json', twiceWrong()), file('cli-valid.json', lvyuan));
    expect(bad.status).toBe(1);
    const lines = bad.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/cli-twice-wrong\.json: district\.timeZone: /),
      expect.stringMatching(/cli-twice-wrong\.json: sms\.signature: /),
      '2 problem(s) in 1 of 2 district config file(s)',
    ]);
    const good = runCheck();
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('2 district config file(s) valid: lvyuan, nanguan');
    // Valid, but a China district without an ICP-filed domain gets its pages uploaded, not served.
    expect(good.stdout).toMatch(/nanguan\.json: warning: web: the pages are uploaded but not served/);
    expect(good.stdout).not.toMatch(/lvyuan\.json: warning/);
  });
});
