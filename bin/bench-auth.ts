import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { lvyuanDemoDistrict } from '../demo/lvyuan-district.js';
import { percentile } from '../local/figures.js';
import { demoClaims, LocalAuth } from '../local/local-auth.js';

/**
 * `npm run bench:auth [-- --tokens 2000]`
 *
 * What the local gateway's token check costs a request: the RS256 verification against the key set
 * with issuer, audience and expiry, as the HTTP API's JWT authorizer does it, and what signing one
 * costs (the local key; in AWS it is a KMS Sign call). In-process, one token at a time, after a
 * warm-up. It measures this machine's CPU, not API Gateway: the gateway's own cost is not observable
 * from here. CI never runs it.
 */
const { values } = parseArgs({ options: { tokens: { type: 'string', default: '2000' } } });
const count = Number(values.tokens);

const auth = new LocalAuth('http://localhost:3000', 'sanzhang-lvyuan');
const claims = demoClaims(lvyuanDemoDistrict(), 'p-0032');
if (!claims) throw new Error('no demo person p-0032');

async function timed(work: () => Promise<unknown>): Promise<number[]> {
  for (let warm = 0; warm < 50; warm++) await work();
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const token = await auth.sign(claims);
const verify = await timed(async () => {
  if (!(await auth.verify(token))) throw new Error('the token did not verify');
});
const forged = `${token.slice(0, -8)}AAAAAAAA`;
const refuse = await timed(async () => {
  if (await auth.verify(forged)) throw new Error('a forged token verified');
});
const sign = await timed(() => auth.sign(claims));
const row = (what: string, times: number[]) =>
  `| ${what} | ${percentile(times, 50).toFixed(3)} | ${percentile(times, 99).toFixed(3)} |`;
console.log(`${count} tokens each, milliseconds per token:

| | p50 | p99 |
| --- | ---: | ---: |
${row('verify a valid token (RS256, iss, aud, exp)', verify)}
${row('refuse a forged signature', refuse)}
${row('sign a token (local RSA key)', sign)}`);
