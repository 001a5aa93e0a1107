import path from 'node:path';
import { checkDistrictConfigFiles, districtConfigFiles } from '../infra/district-configs.js';
import { webSiteWarnings } from '../shared/config/web-site.js';

/**
 * `npm run config:check [-- file.json …]`: validates the given district config files, or every
 * file in config/districts, together (one file per district id), and prints every problem of every
 * file as `<file>: <field path>: <why>`. Exits 1 when there is any problem. What a valid file deploys
 * but does not serve (a China district's pages without an ICP-filed domain) is a warning.
 */
const files = [...new Set(process.argv.slice(2).map((file) => path.resolve(file)))];
const checked = checkDistrictConfigFiles(files.length > 0 ? files : districtConfigFiles());
const shown = (file: string) => (file.startsWith(process.cwd()) ? path.relative(process.cwd(), file) : file);
const problems = checked.flatMap(({ file, problems: ofFile }) =>
  ofFile.map((problem) => `${shown(file)}: ${problem}`),
);

for (const problem of problems) console.error(problem);
for (const { file, config } of checked) {
  for (const warning of config ? webSiteWarnings(config) : [])
    console.log(`${shown(file)}: warning: ${warning}`);
}
const invalid = checked.filter((entry) => entry.problems.length > 0).length;
if (problems.length > 0) {
  console.error(`${problems.length} problem(s) in ${invalid} of ${checked.length} district config file(s)`);
  process.exitCode = 1;
} else {
  const districts = checked.map(({ config }) => config?.district.id).join(', ');
  console.log(`${checked.length} district config file(s) valid: ${districts}`);
}
