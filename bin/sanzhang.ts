#!/usr/bin/env node
// The CDK app (cdk.json: `npx tsx bin/sanzhang.ts`): one DistrictStack per config/districts/*.json,
// each deploying the built web pages (`npm run web:build` first).
//   npx cdk synth --no-notices                 all districts
//   npx cdk deploy Sanzhang-lvyuan             one district
//   npx cdk synth -c configDir=path/to/dir     districts from another directory
//   npx cdk synth -c webDir=path/to/dir        the pages built elsewhere (default web/dist)
import { App } from 'aws-cdk-lib';
import { DistrictConfigError } from '../shared/config/district-config.js';
import { addDistrictStacks, DISTRICT_CONFIG_DIR, loadDistrictConfigs } from '../infra/synthesize.js';
import { builtWebPages, WEB_DIST_DIRECTORY, WebBuildMissingError } from '../infra/web-site.js';

const app = new App();
const configDir: unknown = app.node.tryGetContext('configDir');
const webDir: unknown = app.node.tryGetContext('webDir');

try {
  const configs = loadDistrictConfigs(typeof configDir === 'string' ? configDir : DISTRICT_CONFIG_DIR);
  addDistrictStacks(app, configs, {
    directory: builtWebPages(typeof webDir === 'string' ? webDir : WEB_DIST_DIRECTORY),
  });
  app.synth();
} catch (error) {
  if (!(error instanceof DistrictConfigError || error instanceof WebBuildMissingError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
