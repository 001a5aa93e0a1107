import { computed, reactive, ref, watch } from 'vue';
import { ElMessage } from 'element-plus';
import type { Api } from '../api/client';
import type { components, paths } from '../api/schema';

type ListQuery = NonNullable<paths['/requests']['get']['parameters']['query']>;
import { problemMessage, type Problem } from '../common/problem';

/** The board's filters. The area (a community, or one of its grids) and `status` are what the API lists by. */
export interface BoardFilters {
  community: string;
  grid: string;
  status: RequestStatus;
  category: string;
  priority: NonNullable<ListQuery['priority']> | '';
  level: NonNullable<ListQuery['level']> | '';
  overdue: boolean;
}

/** A request as the board lists it (the API's listing projection). */
export type RequestRow = components['schemas']['RequestSummary'];
export type RequestStatus = RequestRow['status'];

/** The statuses the board shows, one at a time (the API lists an area by status): the open ones, then the closed. */
export const BOARD_STATUSES: readonly RequestStatus[] = [
  'assigned',
  'acknowledged',
  'dispatched',
  'escalating',
  'resolved',
  'submitted',
  'closed',
];

export const PAGE_SIZE = 20;

/** What the filters ask of `GET /requests`: only the filters that are set. */
export function boardQuery(filters: BoardFilters, cursor?: string): ListQuery {
  return {
    node: filters.grid || filters.community,
    status: filters.status,
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.priority ? { priority: filters.priority } : {}),
    ...(filters.level ? { level: filters.level } : {}),
    ...(filters.overdue ? { overdue: 'true' } : {}),
    limit: PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  };
}

/**
 * The board's listing: one page of an area's requests in one status, narrowed by the filters, paged
 * forwards by the API's cursor and back through the cursors already seen. A filter change starts
 * again at the first page; an answer that arrives after a newer question is dropped.
 */
export function useRequestBoard(api: Api, initial: Partial<BoardFilters> = {}) {
  const filters = reactive<BoardFilters>({
    community: '',
    grid: '',
    status: 'assigned',
    category: '',
    priority: '',
    level: '',
    overdue: false,
    ...initial,
  });
  const rows = ref<RequestRow[]>([]);
  const loading = ref(false);
  /** The cursor that opens each page seen so far; the last one opens the next page (none: no more). */
  const cursors = ref<(string | undefined)[]>([undefined]);
  const pageIndex = ref(0);
  let asked = 0;

  async function load(index: number) {
    if (!filters.community) return;
    const question = ++asked;
    loading.value = true;
    try {
      const query = boardQuery(filters, cursors.value[index]);
      const { data, error, response } = await api.GET('/requests', { params: { query } });
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

  watch(
    () => ({ ...filters }),
    () => {
      cursors.value = [undefined];
      void load(0);
    },
    { immediate: true },
  );

  return {
    filters,
    rows,
    loading,
    page: computed(() => pageIndex.value + 1),
    hasNext: computed(() => cursors.value[pageIndex.value + 1] !== undefined),
    hasPrevious: computed(() => pageIndex.value > 0),
    next: () => load(pageIndex.value + 1),
    previous: () => load(pageIndex.value - 1),
    reload: () => load(pageIndex.value),
  };
}
