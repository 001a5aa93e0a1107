import { ref, shallowRef, watch } from 'vue';
import { ElMessage } from 'element-plus';
import { problemMessage, type Problem } from '../common/problem';

/** What every typed client call answers (openapi-fetch). */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * One API call at a time behind a button or a table: `busy` drives its loading state (and refuses
 * a second click while the first runs); an error is told to the person in Chinese (a network
 * failure as "try again later"); `undefined` means it did not work.
 */
export function useCall() {
  const busy = ref(false);
  async function run<T>(call: () => Promise<Answer<T>>, success?: string): Promise<T | undefined> {
    if (busy.value) return undefined;
    busy.value = true;
    try {
      const { data, error, response } = await call();
      if (error !== undefined || !response.ok) {
        ElMessage.error(problemMessage(error as Problem | undefined, response.status));
        return undefined;
      }
      if (success) ElMessage.success(success);
      return data;
    } catch {
      ElMessage.error(problemMessage(undefined, 503));
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { busy, run };
}

/**
 * The record a drawer shows: read whenever its id changes (through useCall, so a failure is told),
 * none while the drawer is closed.
 */
export function useRecord<T>(id: () => string | undefined, read: (id: string) => Promise<Answer<T>>) {
  const { busy, run } = useCall();
  const record = shallowRef<T>();
  watch(
    id,
    async (value) => {
      record.value = undefined;
      if (value) record.value = await run(() => read(value));
    },
    { immediate: true },
  );
  return { record, busy };
}
