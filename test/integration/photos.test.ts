import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSystem } from '../../local/local-system.js';
import { allItems, chainOf, config, district, household } from '../support/fixtures.js';

const system = new LocalSystem(config);
beforeAll(() => system.start());
afterAll(() => system.stop());

const home = household();
const resident = home.residents[0]!.personId;
const neighbour = district.households.find((candidate) => candidate.id !== home.id)!.residents[0]!.personId;
const unitLeader = chainOf()[0]!.post!.holderId;

const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

interface Form {
  key: string;
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

async function askForm(as: string, body: Record<string, unknown> = {}) {
  return system.call('POST', '/uploads', {
    as,
    body: { purpose: 'request-photo', contentType: 'image/jpeg', size: JPEG.length, ...body },
  });
}

/** Asks for a form and uploads a photo with it, as the page does; returns the key. */
async function upload(as: string, purpose = 'request-photo'): Promise<string> {
  const { status, body } = await askForm(as, { purpose });
  expect(status).toBe(200);
  const form = body as unknown as Form;
  const data = new FormData();
  for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
  data.append('file', new Blob([new Uint8Array(JPEG)], { type: 'image/jpeg' }), 'photo.jpg');
  expect((await fetch(form.url, { method: 'POST', body: data })).status).toBe(204);
  return form.key;
}

/** Submits and expects a refusal naming the field; nothing may have been written. */
async function refused(photos: string[], status: number, field: string) {
  const before = (await allItems(system)).length;
  const response = await system.call('POST', '/requests', {
    as: resident,
    body: { category: 'repair', description: '门禁坏了', photos },
  });
  expect(response.status).toBe(status);
  expect((response.body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
  expect((await allItems(system)).length).toBe(before);
}

describe('photos uploaded straight to storage', () => {
  it('gives a signed-in caller a form for one photo under a key of their own, for ten minutes', async () => {
    const { status, body } = await askForm(resident);
    expect(status).toBe(200);
    expect(body.key).toMatch(new RegExp(`^uploads/${resident}/[0-9a-f-]{36}$`));
    expect(body.url).toBe(`${system.url}/local/uploads`);
    expect(body.fields).toMatchObject({ key: body.key, 'Content-Type': 'image/jpeg' });
    const minutes = (Date.parse(String(body.expiresAt)) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);
  });

  it.each([
    ['a type that is not a photo', { contentType: 'image/gif' }, 'contentType'],
    ['a file over 10 MB', { size: 10 * 1024 * 1024 + 1 }, 'size'],
    ['an unknown purpose', { purpose: 'avatar' }, 'purpose'],
    ['a key of the caller’s choosing', { key: 'uploads/p-0001/x' }, 'key'],
  ])('refuses a form for %s, naming the field', async (_case, change, field) => {
    const { status, body } = await askForm(resident, change);
    expect(status).toBe(400);
    expect((body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
  });

  it('refuses residents a form for resolution photos', async () => {
    const { status, body } = await askForm(resident, { purpose: 'resolution-photo' });
    expect(status).toBe(403);
    expect(body.errors).toEqual([{ field: 'purpose', message: 'resolution photos are for leaders' }]);
  });

  it('takes a resident’s own uploads and a partner’s link on a request, and shows them to its readers', async () => {
    const keys = [await upload(resident), await upload(resident)];
    const link = 'https://wy.example.com/photos/731-1.jpg';
    const submitted = await system.call('POST', '/requests', {
      as: resident,
      body: { category: 'repair', description: '门禁坏了', photos: [...keys, link] },
    });
    expect(submitted.status).toBe(201);
    const id = String(submitted.body.id);
    expect((await system.request(id)).photos).toEqual([...keys, link]);

    const read = await system.call('GET', `/requests/${id}`, { as: resident });
    const photos = (read.body.request as { photos: string[] }).photos;
    expect(photos[2]).toBe(link);
    for (const shown of photos.slice(0, 2)) {
      expect(shown).toMatch(new RegExp(`^${system.url}/local/photos/uploads/${resident}/`));
      const response = await fetch(shown);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(JPEG);
    }
    // Someone who may not read the request gets no link.
    expect((await system.call('GET', `/requests/${id}`, { as: neighbour })).status).toBe(404);
  });

  it('refuses another person’s upload, naming the photo, and writes nothing', async () => {
    await refused([await upload(resident), await upload(neighbour)], 403, 'photos.1');
  });

  it('refuses a key with no finished upload, and writes nothing', async () => {
    const { body } = await askForm(resident);
    await refused([String(body.key)], 422, 'photos.0');
  });

  it('refuses more than nine photos, and the same photo twice', async () => {
    const key = await upload(resident);
    await refused(
      Array.from({ length: 10 }, () => key),
      400,
      'photos',
    );
    await refused([key, key], 400, 'photos.1');
  });

  it('takes the leader’s own photos on a resolution, and shows them on the request', async () => {
    const submitted = await system.call('POST', '/requests', {
      as: resident,
      body: { category: 'repair', description: '楼道灯不亮了' },
    });
    const id = String(submitted.body.id);
    await system.waitFor(id, 'AwaitLeader');
    const foreign = await upload(resident);
    const refusal = await system.call('POST', `/requests/${id}/resolve`, {
      as: unitLeader,
      body: { note: '已更换灯泡', photos: [foreign] },
    });
    expect(refusal.status).toBe(403);
    expect(refusal.body.errors).toEqual([{ field: 'photos.0', message: 'not your upload' }]);
    expect((await system.request(id)).status).toBe('assigned');

    const own = await upload(unitLeader, 'resolution-photo');
    const resolved = await system.call('POST', `/requests/${id}/resolve`, {
      as: unitLeader,
      body: { note: '已更换灯泡', photos: [own] },
    });
    expect(resolved.status).toBe(200);
    const read = await system.call('GET', `/requests/${id}`, { as: resident });
    const [shown] = (read.body.request as { resolution: { photos: string[] } }).resolution.photos;
    expect((await fetch(String(shown))).status).toBe(200);
  });
});
