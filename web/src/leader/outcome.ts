import { problemMessage, type Problem } from '../common/problem';

/** An API call's result as a view uses it: the data, or the Chinese sentence to show and the status. */
export interface Outcome<T> {
  data?: T;
  message?: string;
  status?: number;
}

/** Awaits a typed client call; a problem+json answer or a dropped connection becomes a message. */
export async function outcomeOf<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<Outcome<T>> {
  try {
    const { data, error, response } = await call;
    if (error !== undefined || data === undefined) {
      return {
        message: problemMessage(error as Problem | undefined, response.status),
        status: response.status,
      };
    }
    return { data, status: response.status };
  } catch {
    return { message: '网络不通,请检查网络后再试' };
  }
}
