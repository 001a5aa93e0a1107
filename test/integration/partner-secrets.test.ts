import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../../demo/demo-intake.js';
import { DEMO_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { LocalSystem } from '../../local/local-system.js';
import type { Partner, PlaintextSecret } from '../../shared/domain/intake-partner.js';
import { signatureHeader } from '../../shared/services/intake/formats/sanzhang-webhook.js';
import { sealPlaintextSecrets } from '../../shared/services/intake/seal-plaintext-secrets.js';
import { getPartner, putPartner } from '../../shared/store/partner-store.js';
import { allItems, config } from '../support/fixtures.js';

/**
 * Partner secrets on DynamoDB Local through the local sealer (the KMS adapter's code path): the
 * table keeps only sealed values, a sealed value opens only for its own partner, and a district's
 * secrets stored in clear are sealed by the migration.
 */
const system = new LocalSystem(config);
const ADMIN = DEMO_ADMIN.id;
/** A secret a product issued (as 问卷星 or 简道云 issue theirs), given when the partner is made. */
const GIVEN = 'given-by-the-product-7c41e9a2d05b8f36';
let submissions = 0;

async function createPartner(id: string, secret?: string): Promise<string> {
  const created = await system.call('POST', '/partners', {
    as: ADMIN,
    body: {
      id,
      name: `伙伴 ${id}`,
      format: 'sanzhang',
      scope: 'cm-yinrong',
      defaultCategory: 'repair',
      ...(secret ? { secret } : {}),
    },
  });
  expect(created.status).toBe(201);
  return (created.body.secret as { value: string }).value;
}

async function rotate(id: string, secret?: string): Promise<string> {
  const rotated = await system.call('POST', `/partners/${id}/secrets`, {
    as: ADMIN,
    ...(secret ? { body: { secret } } : {}),
  });
  expect(rotated.status).toBe(201);
  return (rotated.body.secret as { value: string }).value;
}

/** A delivery to the partner, signed with `secret` as our webhook scheme signs. */
async function deliver(partnerId: string, secret: string): Promise<number> {
  submissions += 1;
  const body = JSON.stringify({
    submissionId: `sealed-${submissions}`,
    householdId: DEMO_HOUSEHOLD_ID,
    description: '楼道灯不亮',
  });
  const answer = await system.call('POST', `/intake/${partnerId}`, {
    rawBody: body,
    headers: { 'sanzhang-signature': signatureHeader(secret, Math.floor(Date.now() / 1000), body) },
  });
  return answer.status;
}

const storedPartner = async (id: string) => (await getPartner(system.observer, id)) as Partner;

beforeAll(async () => {
  await system.start();
}, 120_000);

afterAll(async () => {
  await system.streamHandled();
  await system.stop();
});

describe('partner secrets in the table', () => {
  it('are never stored in clear: not after creating partners, nor after rotating their secrets', async () => {
    const generated = await createPartner('pt-sealed-a');
    const given = await createPartner('pt-sealed-b', GIVEN);
    const rotatedGenerated = await rotate('pt-sealed-a');
    const rotatedGiven = await rotate('pt-sealed-b', `${GIVEN}-2027`);
    const demo = system.stack.demoIntake;
    const secrets = [generated, given, rotatedGenerated, rotatedGiven, demo?.signedSecret, demo?.qrToken];
    expect(secrets.every((secret) => typeof secret === 'string' && secret.length >= 16)).toBe(true);

    const items = (await allItems(system)).map((item) => JSON.stringify(item));
    expect(items.filter((item) => item.includes('"type":"partner"')).length).toBeGreaterThanOrEqual(5);
    for (const secret of secrets) {
      expect(items.filter((item) => item.includes(secret as string))).toEqual([]);
    }
    const stored = await storedPartner('pt-sealed-a');
    expect(stored.secrets).toHaveLength(2);
    for (const secret of stored.secrets) {
      expect(Object.keys(secret).sort()).toEqual(['createdAt', 'endsWith', 'id', 'sealed']);
      expect(secret.sealed).toMatch(/^local:/);
    }
    expect(stored.secrets.map((secret) => secret.endsWith)).toEqual([
      generated.slice(-4),
      rotatedGenerated.slice(-4),
    ]);
  });

  it('open where deliveries are checked: each active secret signs an accepted delivery', async () => {
    const first = await createPartner('pt-sealed-d');
    const second = await rotate('pt-sealed-d');
    expect(await deliver('pt-sealed-d', first)).toBe(202);
    expect(await deliver('pt-sealed-d', second)).toBe(202);
    expect(await deliver('pt-sealed-d', 'not-the-secret-of-this-partner')).toBe(401);
  });

  it('do not open for another partner: a sealed secret copied to another partner’s item is refused', async () => {
    const secret = await createPartner('pt-sealed-origin');
    await createPartner('pt-sealed-copy');
    const origin = await storedPartner('pt-sealed-origin');
    const copy = await storedPartner('pt-sealed-copy');
    // Someone who may write the table moves the sealed value, with its secret id, to another partner.
    expect(await putPartner(system.observer, { ...copy, secrets: origin.secrets }, copy.revision)).toBe(true);

    expect(await deliver('pt-sealed-copy', secret)).toBe(401);
    expect(await deliver('pt-sealed-origin', secret)).toBe(202);
  });
});

describe('sealing the secrets a deployed district stored in clear', () => {
  it('seals each one under its partner and id, removes the clear value, and writes nothing when run again', async () => {
    await createPartner('pt-legacy');
    const sealedItem = await storedPartner('pt-legacy');
    const plaintext = 'stored-in-clear-before-sealing-5e0c2b9a';
    const legacySecret: PlaintextSecret = {
      id: 'sec_legacy0001',
      value: plaintext,
      createdAt: sealedItem.createdAt,
    };
    // The partner as a district deployed before secrets were sealed has it.
    const legacy = { ...sealedItem, secrets: [legacySecret] } as unknown as Partner;
    expect(await putPartner(system.observer, legacy, sealedItem.revision)).toBe(true);
    // A secret in clear is not used: the partner's deliveries are refused until it is sealed.
    expect(await deliver('pt-legacy', plaintext)).toBe(401);

    const summary = await sealPlaintextSecrets(system.stack.deps);
    expect(summary).toMatchObject({ sealed: 1, changedMeanwhile: [] });
    expect(summary.partners).toBeGreaterThanOrEqual(4);

    const items = (await allItems(system)).map((item) => JSON.stringify(item));
    expect(items.filter((item) => item.includes(plaintext))).toEqual([]);
    const resealed = await storedPartner('pt-legacy');
    expect(resealed.secrets).toEqual([
      {
        id: 'sec_legacy0001',
        sealed: expect.stringMatching(/^local:/),
        endsWith: plaintext.slice(-4),
        createdAt: sealedItem.createdAt,
      },
    ]);
    expect(resealed.revision).toBe(sealedItem.revision + 1);
    expect(await deliver('pt-legacy', plaintext)).toBe(202);

    expect(await sealPlaintextSecrets(system.stack.deps)).toMatchObject({ sealed: 0, changedMeanwhile: [] });
    expect((await storedPartner('pt-legacy')).revision).toBe(resealed.revision);
  });
});
