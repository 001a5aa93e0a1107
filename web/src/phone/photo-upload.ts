import type { Api } from '../api/client';
import { problemMessage, type Problem } from '../common/problem';

/** What the photo storage accepts (POST /uploads refuses anything else): phone cameras' formats. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS = 9;

export type PhotoPurpose = 'request-photo' | 'resolution-photo';

/** Posts a form to storage, reporting the share sent (0–1); resolves with the storage's status. */
export type PostForm = (url: string, form: FormData, onProgress: (sent: number) => void) => Promise<number>;

/** A file's type, as the storage will be told: some phones leave HEIC photos untyped. */
export function photoTypeOf(file: File): PhotoType | undefined {
  const type = file.type || (/\.heic$/i.test(file.name) ? 'image/heic' : '');
  return (PHOTO_TYPES as readonly string[]).includes(type) ? (type as PhotoType) : undefined;
}

/** Why a file cannot be uploaded, in words for the person; undefined when it can. */
export function photoProblem(file: File): string | undefined {
  if (!photoTypeOf(file)) return `“${file.name}”不是照片(支持 JPG、PNG、WebP、HEIC)`;
  if (file.size > MAX_PHOTO_BYTES) return `“${file.name}”太大,每张照片不超过 10 MB`;
  if (file.size === 0) return `“${file.name}”是空文件`;
  return undefined;
}

/** The browser's own form post: XMLHttpRequest, the one API that reports upload progress. */
export const postFormWithProgress: PostForm = (url, form, onProgress) =>
  new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => resolve(request.status);
    request.onerror = () => reject(new Error('network'));
    request.send(form);
  });

export class UploadError extends Error {}

/**
 * Uploads one checked photo straight to storage: a form from the API, then the file to the storage
 * with the form's fields (its type among them) first and the file last, as S3's POST policy wants. Resolves with the key
 * to name the photo by on a request.
 */
export async function uploadPhoto(
  api: Api,
  file: File,
  options: { purpose: PhotoPurpose; postForm: PostForm; onProgress: (sent: number) => void },
): Promise<string> {
  const contentType = photoTypeOf(file);
  if (!contentType || photoProblem(file)) throw new UploadError(photoProblem(file));
  const { data, error, response } = await api.POST('/uploads', {
    body: { purpose: options.purpose, contentType, size: file.size },
  });
  if (!data) throw new UploadError(problemMessage(error as Problem, response.status));
  const form = new FormData();
  for (const [name, value] of Object.entries(data.fields)) form.append(name, value);
  form.append('file', file);
  const status = await options.postForm(data.url, form, options.onProgress).catch(() => 0);
  if (status < 200 || status >= 300) {
    throw new UploadError(status === 0 ? '网络中断,照片没有传上去,请重试' : '照片没有传上去,请重试');
  }
  return data.key;
}
