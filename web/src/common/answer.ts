import { problemMessage, type Problem } from '../common/problem';

/** What an API call came to: its data, or the sentence to show the person (and the status; 0 offline). */
export type Answer<T> =
  { data: T; message?: undefined; status: number } | { data?: undefined; message: string; status: number };

/** A typed client call as a view uses it: the data, or the problem in Chinese (a lost network said as such). */
export async function answerOf<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<Answer<T>> {
  try {
    const { data, error, response } = await call;
    if (response.ok && data !== undefined) return { data, status: response.status };
    return {
      message: problemMessage(error as Problem | undefined, response.status),
      status: response.status,
    };
  } catch {
    return { message: '网络异常,请检查网络后重试', status: 0 };
  }
}
