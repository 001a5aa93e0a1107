/** The API's problem+json (RFC 9457) as the pages receive it. */
export interface Problem {
  status?: number;
  title?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

const BY_STATUS: Record<number, string> = {
  400: '填写的内容有误',
  401: '登录已过期,请重新登录',
  403: '您没有权限进行此操作',
  404: '找不到该记录',
  409: '情况已有变化,请刷新后再试',
  413: '内容太大',
  429: '操作太频繁,请稍后再试',
  503: '服务暂时繁忙,请稍后再试',
};

/**
 * What to tell the person: a Chinese sentence for the status, with the API's own detail after it.
 * `fieldNames` names a form's fields in Chinese (`description` → 问题描述; `photos.2` is `photos`).
 */
export function problemMessage(
  problem: Problem | undefined,
  status: number,
  fieldNames: Record<string, string> = {},
): string {
  const headline = BY_STATUS[status] ?? '出错了,请稍后再试';
  const nameOfField = (field: string) => fieldNames[field] ?? fieldNames[field.split('.')[0] ?? ''] ?? field;
  const fields = problem?.errors?.map((error) => `${nameOfField(error.field)}: ${error.message}`).join(';');
  const detail = fields || problem?.detail;
  return detail ? `${headline}(${detail})` : headline;
}
