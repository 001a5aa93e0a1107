import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { LocalSystem } from '../../local/local-system.js';
import { CLAIMS } from '../../shared/http/caller.js';
import { logger } from '../../shared/logger.js';
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

    // A second code within the minute: 429, with when to try again.
    const again = await fetch(`${system.url}/auth/codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: resident.phone }),
    });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);

    const response = await fetch(`${system.url}/accounts/me`, {
      headers: { authorization: `Bearer ${String(issued.body.accessToken)}` },
    });
    expect(response.status).toBe(200);
    const forged = `${String(issued.body.accessToken).slice(0, -4)}AAAA`;
    const refused = await fetch(`${system.url}/accounts/me`, {
      headers: { authorization: `Bearer ${forged}` },
    });
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

  it('audits every attempt with its outcome and source, never the phone, the code or a token', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    logger.setLogLevel('INFO');
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    const leader = chainOf()[2]!.post!;
    let code = '';
    let tokens: Record<string, unknown> = {};
    try {
      const sent = system.outbox.length;
      await system.call('POST', '/auth/codes', { body: { phone: leader.holderPhone } });
      code = codeIn(system.outbox[sent]!.text);
      const wrong = code === '000000' ? '000001' : '000000';
      await system.call('POST', '/auth/tokens', { body: { phone: leader.holderPhone, code: wrong } });
      tokens = (await system.call('POST', '/auth/tokens', { body: { phone: leader.holderPhone, code } }))
        .body;
      await system.call('POST', '/auth/tokens', { body: { refreshToken: tokens.refreshToken } });
      await system.call('POST', '/auth/tokens', { body: { refreshToken: tokens.refreshToken } });
      await system.call('POST', '/auth/sign-out', { body: { refreshToken: tokens.refreshToken } });
    } finally {
      process.stdout.write = write;
      logger.setLogLevel('WARN');
    }
    const audit = lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('"audit":"sign-in"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(audit.map((record) => `${String(record.event)}:${String(record.outcome)}`)).toEqual([
      'code-requested:sent',
      'code-refused:wrong',
      'code-verified:signed-in',
      'tokens-refreshed:rotated',
      'refresh-reuse-detected:family-revoked',
      'signed-out:revoked',
    ]);
    for (const record of audit) {
      expect(record).toMatchObject({ sourceIp: '127.0.0.1', requestId: expect.any(String) });
    }
    expect(audit[2]).toMatchObject({ personId: leader.holderId });
    const logged = lines.join('');
    for (const secret of [
      leader.holderPhone,
      leader.holderPhone.slice(3),
      code,
      tokens.refreshToken,
      tokens.accessToken,
    ]) {
      expect(logged).not.toContain(String(secret));
    }
  });

  it.each([
    ['/auth/codes', { phone: '13800000000' }, ['phone']],
    ['/auth/codes', { phone: '+8613800000000', extra: 1 }, ['extra']],
    ['/auth/tokens', { phone: '13800000000', code: '12345' }, ['code', 'phone']],
    ['/auth/tokens', { phone: '+8613800000000' }, ['code']],
    ['/auth/tokens', { refreshToken: 'r'.repeat(43), code: '123456' }, ['code']],
    ['/auth/tokens', { refreshToken: 'too-short' }, ['refreshToken']],
    ['/auth/sign-out', {}, ['refreshToken']],
  ])(
    'refuses a bad body for %s with a problem naming the field, and writes nothing',
    async (path, body, fields) => {
      const before = await allItems(system);
      const answer = await system.call('POST', path, { body });
      expect(answer.status).toBe(400);
      expect((answer.body.errors as { field: string }[]).map((error) => error.field).sort()).toEqual(fields);
      expect(await allItems(system)).toEqual(before);
    },
  );
});
