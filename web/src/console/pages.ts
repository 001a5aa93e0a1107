import { computed, ref, shallowRef } from 'vue';
import { ElMessage } from 'element-plus';
import { problemMessage, type Problem } from '../common/problem';

/** One page of a listing, as the API answers it. */
export interface Page<Row> {
  items: Row[];
  nextCursor?: string;
}

/** What a typed client call answers (openapi-fetch). */
interface Answer<Row> {
  data?: Page<Row>;
  error?: unknown;
  response: Response;
}

/**
 * A table's listing, a page at a time: forwards by the API's cursor, back through the cursors
 * already seen. `read` asks for the page a cursor opens (undefined: nothing to ask yet, e.g. no
 * community chosen). `restart` goes back to the first page (the question changed); an answer that
 * arrives after a newer question is dropped; an error is told to the person in Chinese.
 */
export function useCursorPages<Row>(read: (cursor: string | undefined) => Promise<Answer<Row>> | undefined) {
  const rows = shallowRef<Row[]>([]);
  const loading = ref(false);
  /** The cursor that opens each page seen so far; the last one opens the next page (none: no more). */
  const cursors = ref<(string | undefined)[]>([undefined]);
  const pageIndex = ref(0);
  let asked = 0;

  async function load(index: number) {
    const call = read(cursors.value[index]);
    if (!call) return;
    const question = ++asked;
    loading.value = true;
    try {
      const { data, error, response } = await call;
      if (question !== asked) return;
      if (!data) return ElMessage.error(problemMessage(error as Problem, response.status));
      rows.value = data.items;
      pageIndex.value = index;
      cursors.value = [...cursors.value.slice(0, index + 1), data.nextCursor];
    } catch {
      ElMessage.error(problemMessage(undefined, 503));
    } finally {
      if (question === asked) loading.value = false;
    }
  }

  return {
    rows,
    loading,
    page: computed(() => pageIndex.value + 1),
    hasNext: computed(() => cursors.value[pageIndex.value + 1] !== undefined),
    hasPrevious: computed(() => pageIndex.value > 0),
    next: () => load(pageIndex.value + 1),
    previous: () => load(pageIndex.value - 1),
    reload: () => load(pageIndex.value),
    restart: () => {
      cursors.value = [undefined];
      return load(0);
    },
  };
}

export type CursorPages<Row = unknown> = ReturnType<typeof useCursorPages<Row>>;
