import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { LocalSystem } from '../../local/local-system.js';
import { CLAIMS } from '../../shared/http/caller.js';
import { allItems, chainOf, config, household } from '../support/fixtures.js';

/**
 * Phone-code sign-in through the local run, end to end: a resident asks for a code, reads it from
 * the SMS outbox (the console of `npm start`), exchanges it for tokens, and calls the API with the
 * access token, which the local gateway verifies as the JWT authorizer would (RS256 against the
 * published key set).
 */
const system = new LocalSystem(config);
beforeAll(() => system.start());
afterAll(() => system.stop());

const resident = household().residents[0]!;
const codeIn = (text: string) => /(\d{6})/.exec(text)?.[1] ?? '';

describe('signing in on the local run', () => {
  it('a code from the outbox → tokens → an authenticated call; the tokens verify with the published JWKS', async () => {
    const sent = system.outbox.length;
    const asked = await system.call('POST', '/auth/codes', { body: { phone: resident.phone } });
    expect(asked.status).toBe(202);
    const sms = system.outbox.slice(sent);
    expect(sms).toHaveLength(1);
    expect(sms[0]?.to).toBe(resident.phone);
    expect(sms[0]?.text).toMatch(new RegExp(`^${config.sms.signature}.*\\d{6}`));

    const issued = await system.call('POST', '/auth/tokens', {
      body: { phone: resident.phone, code: codeIn(sms[0]!.text) },
    });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({
      tokenType: 'Bearer',
      personId: resident.personId,
      householdId: household().id,
      expiresIn: config.auth.accessTokenMinutes * 60,
    });

    const discovery = await system.call('GET', '/.well-known/openid-configuration');
    expect(discovery.body).toMatchObject({ issuer: system.auth.issuer });
    const jwks = await system.call('GET', '/.well-known/jwks.json');
    const { payload, protectedHeader } = await jwtVerify(
      String(issued.body.accessToken),
      createLocalJWKSet(jwks.body as unknown as JSONWebKeySet),
      { issuer: system.auth.issuer, audience: system.auth.audience, algorithms: ['RS256'] },
    );
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: resident.personId,
      [CLAIMS.personId]: resident.personId,
      [CLAIMS.householdId]: household().id,
      [CLAIMS.name]: resident.name,
    });

    const response = await fetch(`${system.url}/accounts/me`, {
      headers: { authorization: `Bearer ${String(issued.body.accessToken)}` },
    });
    expect(response.status).toBe(200);
    const forged = `${String(issued.body.accessToken).slice(0, -4)}AAAA`;
    const refused = await fetch(`${system.url}/accounts/me`, { headers: { authorization: `Bearer ${forged}` } });
    expect(refused.status).toBe(401);
  });

  it('answers an unknown phone exactly as a known one, and sends it nothing', async () => {
    const sent = system.outbox.length;
    const unknown = await system.call('POST', '/auth/codes', { body: { phone: '+8613999999999' } });
    // A unit leader: a roster person, found by the phone item written with them.
    const leaderPhone = chainOf()[0]!.post!.holderPhone;
    const known = await system.call('POST', '/auth/codes', { body: { phone: leaderPhone } });
    expect(unknown).toEqual(known);
    expect(system.outbox.slice(sent).map((sms) => sms.to)).toEqual([leaderPhone]);
  });

  it('refuses a bad body with a problem naming the field, and writes nothing', async () => {
    const before = await allItems(system);
    const answer = await system.call('POST', '/auth/tokens', { body: { phone: '13800000000', code: '12345' } });
    expect(answer.status).toBe(400);
    expect((answer.body.errors as { field: string }[]).map((error) => error.field).sort()).toEqual([
      'code',
      'phone',
    ]);
    expect(await allItems(system)).toEqual(before);
  });
});
