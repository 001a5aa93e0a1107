import { parseArgs } from 'node:util';
import { loadDistrictConfigs } from '../infra/synthesize.js';
import {
  DEMO_DISTRICT_ID,
  DEMO_VACANT_UNIT_HOUSEHOLD_ID,
  demoPerson,
  lvyuanDemoDistrict,
} from '../demo/lvyuan-district.js';
import { DEMO_PARTNERS } from '../demo/demo-intake.js';
import { CLAIMS } from '../shared/http/caller.js';
import { startLocalApi } from '../local/local-api.js';
import { demoClaims, LocalAuth } from '../local/local-auth.js';
import { readyMadeSignIns } from '../local/local-people.js';
import { localRoutes } from '../local/local-routes.js';
import { localWeb } from '../local/local-web.js';
import { WEB_PAGES } from '../infra/web-site.js';
import { startLocalStack } from '../local/local-stack.js';
import { logger } from '../shared/logger.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    'time-scale': { type: 'string', default: '60' },
    // A share of DynamoDB, SNS and Step Functions calls fail (docs/testing.md, "Fault injection"); off by default.
    faults: { type: 'string' },
    'fault-seed': { type: 'string' },
  },
});

// The console is for the demo's SMS and instructions; the handlers' info logs stay quiet here.
logger.setLogLevel('WARN');

// The local run serves the demo district: its people, households and partners are Lüyuan's. The
// other districts' configs are checked with `npm run config:check` and synthesized with `npx cdk synth`.
const config = loadDistrictConfigs().find((candidate) => candidate.district.id === DEMO_DISTRICT_ID);
if (!config) throw new Error(`no config/districts/${DEMO_DISTRICT_ID}.json`);
const timeScale = Number(values['time-scale']);
if (!(timeScale >= 1)) throw new Error('--time-scale must be a number ≥ 1 (virtual seconds per real second)');
const port = Number(values.port);
const faultRate = values.faults === undefined ? undefined : Number(values.faults);
if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1))
  throw new Error('--faults must be a share in [0, 1]');
const faultSeed = Number(values['fault-seed'] ?? Date.now() % 2 ** 31);

const base = `http://localhost:${port}`;
const auth = new LocalAuth(base, `sanzhang-${config.district.id}`);
console.log(`Starting Sanzhang for ${config.district.name} (${config.district.id}), time ×${timeScale} …`);
const stack = await startLocalStack({
  config,
  timeScale,
  seedDemoDistrict: true,
  signIn: auth.settings,
  print: (line) => console.log(`📱 ${line}`),
  publicUrl: () => base,
  // The pages are served here too: leaders' SMS carry links to this server, as to web.domain when deployed.
  siteUrl: () => base,
  onWorkflowFailure: (requestId, error, restartedAs) =>
    console.error(
      `workflow of ${requestId} failed: ${String(error)}${restartedAs ? `; restarted as ${restartedAs}` : ''}`,
    ),
  ...(faultRate === undefined ? {} : { faults: { rate: faultRate, seed: faultSeed } }),
});
if (stack.faults)
  console.log(`⚠️  fault injection: ${faultRate} of calls fail (--fault-seed ${faultSeed} replays it)`);

// The monthly schedule, locally: 02:00 on the 1st in the district's zone, in virtual time.
stack.settlement.startSchedule(stack.deps.clock, config.district.timeZone, (output, error) => {
  if (error) console.error('scheduled settlement failed:', error);
  else console.log('🗓  scheduled settlement finished:', JSON.stringify(output));
});

// The SMS release, locally: at the end of quiet hours in the district's zone and every 5 minutes, in virtual time.
stack.schedules.start(stack.deps.clock, (schedule, output, error) => {
  if (error) console.error(`scheduled ${schedule.functionLogicalId} failed:`, error);
  else if (schedule.expression.startsWith('cron'))
    console.log('🌅 quiet hours over:', JSON.stringify(output));
});

const district = lvyuanDemoDistrict();
const web = localWeb({
  config: () => ({ apiUrl: '', districtName: config.district.name, timeScale }),
});
const server = await startLocalApi({
  port,
  auth,
  localRoutes: localRoutes({ district, auth, stack }),
  rawRoutes: [web, stack.photos.handle],
  clock: stack.deps.clock,
});

const tokens = await Promise.all(
  readyMadeSignIns(district).map(async ({ variable, personId, who }) => {
    const claims = personId ? demoClaims(district, personId) : undefined;
    if (!claims) return `# ${variable}: the post is vacant (${who})`;
    const phone = demoPerson(district, personId ?? '')?.phone;
    return `export ${variable}='${await auth.sign(claims)}'   # ${claims[CLAIMS.name]}, ${who}${phone ? `, 📱 ${phone}` : ''}`;
  }),
);
const PAGE_TITLES = {
  leader: "the leaders' phone page (三长)",
  resident: "the residents' phone page (居民)",
  console: 'the community console (社区工作台), for staff on a desktop',
} as const;
// The README's resident (杨亚楠, p-0032): any resident's or leader's phone signs in.
const signInPhone = demoPerson(district, 'p-0032')?.phone ?? '';
const intake = stack.demoIntake;
const intakeHelp = intake
  ? `
Partners (see docs/intake.md): a signed delivery from ${DEMO_PARTNERS.signed}, a QR-code push, an Open311 POST:
  export SECRET='${intake.signedSecret}' QR_TOKEN='${intake.qrToken}' KEY='${intake.apiKey}'
  BODY='{"submissionId":"wo-1","address":"银融社区 3栋 2单元 502","phone":"13800000032","description":"楼道灯坏了"}'
  T=$(date +%s); SIG=$(printf '%s.%s' "$T" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')
  curl -s -X POST ${base}/intake/${DEMO_PARTNERS.signed} -H 'content-type: application/json' -H "sanzhang-signature: t=$T,v1=$SIG" -d "$BODY"
  curl -s -X POST ${base}/intake/${DEMO_PARTNERS.qrCodes}/$QR_TOKEN -H 'content-type: application/json' \\
    -d '{"time":"2026-11-26 10:06:39","event":"FORM_DATA_SUBMIT","data":{"ref_data":{"serial_number":"L1","fields":{"问题类型":"维修","问题描述":"三楼楼道灯不亮","楼栋":"3栋","单元":"2单元","房号":"502"}}}}'
  curl -s -X POST ${base}/open311/v2/requests.json --data-urlencode "api_key=$KEY" -d service_code=repair \\
    --data-urlencode 'address_string=不知道哪一栋' --data-urlencode 'description=路口井盖松动'   # → triage: GET /requests?status=triage as $COMMUNITY_LEADER
  curl -s "${base}/open311/v2/requests.xml?api_key=$KEY&extensions=true"`
  : '';
console.log(`
Sanzhang is running: API ${base}, DynamoDB Local ${stack.dynamoDb.endpoint}
The pages (sign in with any phone below; the SMS code appears here):
${WEB_PAGES.map((page) => `  ${`${base}/${page}/`.padEnd(base.length + 12)} ${PAGE_TITLES[page]}`).join('\n')}
Every SLA runs ${timeScale}× faster than real time (virtual time); SMS are printed here as they are sent,
a leader's with a link (${base}/l/…) that opens the request on the leader page.

Sign in as a district does (手机号 + 验证码; the code is printed here, as the SMS outbox):
  curl -s -X POST ${base}/auth/codes -H 'content-type: application/json' -d '{"phone":"${signInPhone}"}'
  curl -s -X POST ${base}/auth/tokens -H 'content-type: application/json' -d '{"phone":"${signInPhone}","code":"<6 digits>"}'

Ready-made tokens for this run (everyone who can sign in, with their roles: GET ${base}/local/people; a token for any of them: GET ${base}/local/token?person=<id>):
${tokens.join('\n')}

Try it:
  curl -s -X POST ${base}/requests -H "Authorization: Bearer $RESIDENT" -H 'content-type: application/json' \\
    -d '{"category":"repair","description":"单元门禁坏了,进不去楼","priority":"normal"}'
  curl -s "${base}/requests?status=assigned" -H "Authorization: Bearer $UNIT_LEADER"
  curl -s -X POST ${base}/requests/<id>/acknowledge -H "Authorization: Bearer $UNIT_LEADER"
  curl -s -X POST ${base}/requests/<id>/resolve -H "Authorization: Bearer $UNIT_LEADER" -d '{"note":"已修好门禁"}'
  curl -s -X POST ${base}/requests/<id>/confirm -H "Authorization: Bearer $RESIDENT" -d '{"rating":5}'
  curl -s ${base}/requests/<id> -H "Authorization: Bearer $RESIDENT"
Leave a request alone and it escalates to $BUILDING_LEADER when the deadline passes; or POST .../escalate.
A household whose unit post is vacant (routes straight to the building): ${DEMO_VACANT_UNIT_HOUSEHOLD_ID}
${intakeHelp}
Monthly settlement: npm run settle -- --month <YYYY-MM> [--port ${port}] (the schedule also fires at 02:00 on the 1st, virtual time).
Press Ctrl+C to stop.`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping: open workflows are aborted, DynamoDB Local (in memory) stops with its tables.');
  if (stack.faults) console.log(stack.faults.summary());
  server.close();
  server.closeAllConnections();
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
