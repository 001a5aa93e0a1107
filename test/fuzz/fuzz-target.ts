import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { DEMO_ADMIN, DEMO_PARTNERS } from '../../demo/demo-intake.js';
import { DEMO_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { CLAIMS } from '../../shared/http/caller.js';
import { signatureHeader } from '../../shared/services/intake/formats/sanzhang-webhook.js';
import { LocalSystem } from '../../local/local-system.js';
import { chainOf, config, district, household } from '../support/fixtures.js';
import type { FuzzContext } from './requests.js';

/** A partner nobody registered: a delivery to it must write nothing at all. */
export const UNKNOWN_PARTNER = 'pt-nobody';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The local system the fuzzing runs against, and what the generators know of it. */
export interface FuzzTarget {
  system: LocalSystem;
  context: FuzzContext;
  /** Partners whose rejected deliveries may leave (bounded) audit records. */
  knownPartners: string[];
}

export async function startFuzzTarget(): Promise<FuzzTarget> {
  const system = await new LocalSystem(config).start();
  const home = household();
  const resident = home.residents[0]?.personId ?? '';
  const holders = chainOf(DEMO_HOUSEHOLD_ID).flatMap((link) => (link.post ? [link.post.holderId] : []));
  const outsider = district.households.find(
    (candidate) => candidate.ancestors.community !== home.ancestors.community,
  )?.residents[0]?.personId;
  const people = [resident, ...holders, DEMO_ADMIN.id, ...(outsider ? [outsider] : [])];

  // A real request, so that request routes get past "not found" sometimes.
  const submitted = await system.call('POST', '/requests', {
    as: resident,
    body: { category: 'repair', description: '楼道灯不亮了' },
  });
  const requestId = String(submitted.body.id);
  await system.waitFor(requestId, 'AwaitLeader');

  const byType = (type: string) =>
    district.nodes
      .filter((node) => node.type === type)
      .slice(0, 2)
      .map((node) => node.id);
  const admin = { [CLAIMS.personId]: DEMO_ADMIN.id, [CLAIMS.name]: DEMO_ADMIN.name };
  const claimsOf = {
    iss: system.auth.issuer,
    aud: system.auth.audience,
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
  const [header, , signature] = (await system.tokenFor(resident)).split('.');
  const intake = system.stack.demoIntake;
  if (!intake) throw new Error('the local system has no demo partners');

  const context: FuzzContext = {
    ids: {
      nodes: ['street', 'community', 'grid', 'building', 'unit'].flatMap(byType),
      households: [DEMO_HOUSEHOLD_ID, ...district.households.slice(0, 2).map((candidate) => candidate.id)],
      people: [...people, 'p-nobody'],
      providers: district.providers.slice(0, 3).map((provider) => provider.id),
      requests: [requestId, 'rq-nobody'],
      rewards: ['rw-nobody'],
      redemptions: ['rd-nobody'],
      partners: [...Object.values(DEMO_PARTNERS), UNKNOWN_PARTNER],
      intake: [...Object.values(DEMO_PARTNERS), UNKNOWN_PARTNER],
      month: ['2026-10', '2026-11', '2026-13', '1999-01'],
      action: [
        'acknowledge',
        'resolve',
        'escalate',
        'dispatch',
        'complete',
        'confirm',
        'reject',
        'dismiss',
        'attach',
      ],
      file: [
        'requests.json',
        'requests.xml',
        'services.json',
        'discovery.json',
        'repair.json',
        `${requestId}.json`,
      ],
      token: [intake.qrToken, 'not-the-token'],
      secretIds: ['sec-nobody'],
      keyIds: ['key-nobody'],
    },
    validTokens: await Promise.all(people.map((personId) => system.tokenFor(personId))),
    forgedTokens: {
      unsigned: `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ ...admin, ...claimsOf })}.`,
      'alg-none': `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...admin, ...claimsOf })}.`,
      'wrong-key': await new SignJWT(admin)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(system.auth.issuer)
        .setAudience(system.auth.audience)
        .setExpirationTime('1h')
        .sign(randomBytes(32)),
      expired: await system.auth.sign(admin, new Date(Date.now() - 3_600_000)),
      // A resident's signature under the admin's claims.
      'tampered-claims': `${header}.${base64url({ ...admin, ...claimsOf })}.${signature}`,
      // Signed by the identity provider, but claiming what the person is not.
      'signed-other-household': await system.tokenFor(resident, {
        [CLAIMS.householdId]: district.households.at(-1)?.id ?? 'hh-x',
      }),
      'signed-unknown-person': await system.auth.sign({ [CLAIMS.personId]: 'p-nobody' }),
      'signed-huge-person': await system.auth.sign({ [CLAIMS.personId]: 'p'.repeat(3000) }),
      'signed-proto-person': await system.auth.sign({ [CLAIMS.personId]: '__proto__' }),
      'signed-no-person': await system.auth.sign({ [CLAIMS.name]: '无名' }),
    },
    signedSecret: intake.signedSecret,
    apiKey: intake.apiKey,
    sign: signatureHeader,
    nowSeconds: () => Math.floor(Date.now() / 1000),
  };
  return { system, context, knownPartners: Object.values(DEMO_PARTNERS) };
}
