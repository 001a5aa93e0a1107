import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import PhotoUploader from '../../../web/src/phone/PhotoUploader.vue';
import type { PostForm } from '../../../web/src/phone/photo-upload';
import { fakeApi, mountResident } from './page';

const KEY = 'uploads/p-0032/7d2c1f0e-3b4a-4c5d-8e9f-0a1b2c3d4e5f';
const FORM = {
  key: KEY,
  url: 'https://photos.test/bucket',
  fields: { key: KEY, 'Content-Type': 'image/jpeg', Policy: 'policy', 'X-Amz-Signature': 'signature' },
  expiresAt: '2026-12-02T08:10:00Z',
};

const photo = (name: string, type: string, bytes: number) =>
  new File([new Uint8Array(bytes)], name, { type });

/** A storage that takes the form when released, reporting half of it sent first. */
function fakeStorage() {
  const posted: { url: string; form: FormData }[] = [];
  let release: (status: number) => void = () => undefined;
  const postForm: PostForm = (url, form, onProgress) => {
    posted.push({ url, form });
    onProgress(0.5);
    return new Promise((resolve) => (release = resolve));
  };
  return { posted, postForm, finish: (status = 204) => release(status) };
}

async function mountUploader(storage = fakeStorage(), uploads = { status: 200, body: FORM as unknown }) {
  const api = fakeApi({ 'POST /uploads': uploads });
  const { wrapper } = await mountResident(PhotoUploader, {
    fetch: api.fetch,
    props: { purpose: 'request-photo', postForm: storage.postForm },
  });
  const pick = async (...files: File[]) => {
    const input = wrapper.find('input[type="file"]');
    Object.defineProperty(input.element, 'files', { value: files, configurable: true });
    await input.trigger('change');
    await flushPromises();
  };
  return { wrapper, api, storage, pick };
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

/** The browser's XMLHttpRequest as the storage sees it: records the post, reports progress, answers 204. */
class FakeXhr {
  static sent: { method: string; url: string; body: FormData }[] = [];
  status = 0;
  upload: { onprogress?: (event: { lengthComputable: boolean; loaded: number; total: number }) => void } = {};
  onload?: () => void;
  private opened = { method: '', url: '' };
  open(method: string, url: string) {
    this.opened = { method, url };
  }
  send(body: FormData) {
    FakeXhr.sent.push({ ...this.opened, body });
    this.upload.onprogress?.({ lengthComputable: true, loaded: 3, total: 4 });
    setTimeout(() => {
      this.status = 204;
      this.onload?.();
    });
  }
}

describe('the photo uploader', () => {
  it('refuses a file that is not a photo before asking for an upload', async () => {
    const { wrapper, api, storage, pick } = await mountUploader();
    await pick(photo('合同.pdf', 'application/pdf', 2_000));
    expect(wrapper.find('[role="alert"]').text()).toContain('不是照片');
    expect(api.sent).toHaveLength(0);
    expect(storage.posted).toHaveLength(0);
  });

  it('refuses a photo over 10 MB before asking for an upload', async () => {
    const { wrapper, api, pick } = await mountUploader();
    await pick(photo('全景.jpg', 'image/jpeg', 10 * 1024 * 1024 + 1));
    expect(wrapper.find('[role="alert"]').text()).toContain('不超过 10 MB');
    expect(api.sent).toHaveLength(0);
  });

  it('asks for a form for the exact photo, posts the fields then the file, and shows its progress', async () => {
    const { wrapper, api, storage, pick } = await mountUploader();
    await pick(photo('漏水.jpg', 'image/jpeg', 3_000));

    expect(api.to('POST /uploads')[0]?.body).toEqual({
      purpose: 'request-photo',
      contentType: 'image/jpeg',
      size: 3_000,
    });
    const [posted] = storage.posted;
    expect(posted?.url).toBe(FORM.url);
    expect([...(posted?.form.keys() ?? [])]).toEqual([...Object.keys(FORM.fields), 'file']);
    expect(wrapper.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('50');
    expect(wrapper.emitted('update:busy')?.at(-1)).toEqual([true]);

    storage.finish(204);
    await flushPromises();
    expect(wrapper.find('[role="progressbar"]').exists()).toBe(false);
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([[KEY]]);
    expect(wrapper.emitted('update:busy')?.at(-1)).toEqual([false]);
  });

  it("posts with the browser's XMLHttpRequest when no other transport is given", async () => {
    FakeXhr.sent = [];
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const api = fakeApi({ 'POST /uploads': { status: 200, body: FORM } });
    const { wrapper } = await mountResident(PhotoUploader, {
      fetch: api.fetch,
      props: { purpose: 'request-photo' },
    });
    const input = wrapper.find('input[type="file"]');
    Object.defineProperty(input.element, 'files', { value: [photo('漏水.jpg', 'image/jpeg', 3_000)] });
    await input.trigger('change');
    await flushPromises();
    await new Promise((settled) => setTimeout(settled, 10));
    await flushPromises();
    expect(FakeXhr.sent.map(({ method, url }) => `${method} ${url}`)).toEqual([`POST ${FORM.url}`]);
    expect(FakeXhr.sent[0]?.body.get('file')).toBeInstanceOf(File);
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([[KEY]]);
  });

  it('takes an untyped .heic file as a HEIC photo', async () => {
    const { api, pick } = await mountUploader();
    await pick(photo('IMG_0001.HEIC', '', 4_000));
    expect(api.to('POST /uploads')[0]?.body).toMatchObject({ contentType: 'image/heic' });
  });

  it('shows a refused upload and names no key for it', async () => {
    const { wrapper, storage, pick } = await mountUploader();
    await pick(photo('漏水.png', 'image/png', 3_000));
    storage.finish(403);
    await flushPromises();
    expect(wrapper.text()).toContain('上传失败');
    expect(wrapper.find('button[aria-label="重试上传照片1"]').exists()).toBe(true);
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([[]]);
  });

  it("shows the API's refusal of the upload form", async () => {
    const { wrapper, storage, pick } = await mountUploader(fakeStorage(), {
      status: 503,
      body: { status: 503 },
    });
    await pick(photo('漏水.webp', 'image/webp', 3_000));
    expect(storage.posted).toHaveLength(0);
    expect(wrapper.text()).toContain('服务暂时繁忙,请稍后再试');
  });

  it('takes at most 9 photos', async () => {
    const { wrapper, pick } = await mountUploader();
    await pick(...Array.from({ length: 10 }, (_, index) => photo(`${index}.jpg`, 'image/jpeg', 1_000)));
    expect(wrapper.findAll('img')).toHaveLength(9);
    expect(wrapper.find('[role="alert"]').text()).toContain('最多 9 张照片');
    expect(wrapper.find('input[type="file"]').exists()).toBe(false);
  });
});
