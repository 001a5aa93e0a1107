import { reactive, watch } from 'vue';
import type { Api } from '../api/client';
import type { components, paths } from '../api/schema';
import { useCursorPages } from './pages';

type ListQuery = NonNullable<paths['/requests']['get']['parameters']['query']>;

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
 * The board's listing: one page of an area's requests in one status, narrowed by the filters. A
 * filter change starts again at the first page.
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
  const pages = useCursorPages<RequestRow>((cursor) =>
    filters.community ? api.GET('/requests', { params: { query: boardQuery(filters, cursor) } }) : undefined,
  );
  watch(
    () => ({ ...filters }),
    () => void pages.restart(),
    { immediate: true },
  );
  return { filters, ...pages };
}
