import type { Access } from '../../domain/access.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import type { z } from '../../zod.js';
import type {
  householdNotices as householdNoticesSchema,
  listNoticesQuery,
  noticeDetail,
  noticeListing,
  noticeRead,
  notice as noticeSchema,
  postNoticeBody,
} from '../../http/contract/notices.js';

const pending = (): never => {
  throw new Error('notices: not built yet');
};

export async function postNotice(
  _deps: Dependencies,
  _access: Access,
  _body: z.infer<typeof postNoticeBody>,
  _key: string,
): Promise<{ created: boolean; notice: z.infer<typeof noticeSchema> }> {
  return pending();
}

export async function listNotices(
  _deps: Dependencies,
  _access: Access,
  _query: z.infer<typeof listNoticesQuery>,
): Promise<z.infer<typeof noticeListing>> {
  return pending();
}

export async function readNotice(
  _deps: Dependencies,
  _access: Access,
  _id: string,
): Promise<z.infer<typeof noticeDetail>> {
  return pending();
}

export async function markRead(
  _deps: Dependencies,
  _access: Access,
  _id: string,
): Promise<z.infer<typeof noticeRead>> {
  return pending();
}

export async function householdNotices(
  _deps: Dependencies,
  _access: Access,
  _id: string,
): Promise<z.infer<typeof householdNoticesSchema>> {
  return pending();
}
