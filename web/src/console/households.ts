import { reactive, ref } from 'vue';
import { ElMessage } from 'element-plus';
import type { Api } from '../api/client';
import type { components } from '../api/schema';
import { problemMessage, type Problem } from '../common/problem';
import { searchHouseholds } from './pending-routes';

/** A household's file (一户一档) as the API keeps it. */
export type HouseholdFile = components['schemas']['Household'];
export type Resident = HouseholdFile['residents'][number];

export interface HouseholdFilters {
  community: string;
  /** A grid (the API searches a grid, building or unit). */
  grid: string;
  tag: string;
  /** A prefix of the room or of a resident's name. */
  q: string;
}

export const SEARCH_PAGE_SIZE = 50;

/** What the filters ask of `GET /households`. */
export function householdQuery(filters: HouseholdFilters, cursor?: string) {
  return {
    node: filters.grid,
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
    limit: SEARCH_PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  };
}

/** Household search in a grid, by tag and by room or name; "more" appends the next page. */
export function useHouseholdSearch(api: Api) {
  const filters = reactive<HouseholdFilters>({ community: '', grid: '', tag: '', q: '' });
  const results = ref<HouseholdFile[]>([]);
  const nextCursor = ref<string>();
  const loading = ref(false);

  async function search(more = false) {
    if (!filters.grid) return;
    loading.value = true;
    try {
      const query = householdQuery(filters, more ? nextCursor.value : undefined);
      const { data, error, response } = await searchHouseholds(api, query);
      if (!data) return ElMessage.error(problemMessage(error as Problem, response.status));
      results.value = more ? [...results.value, ...data.items] : data.items;
      nextCursor.value = data.nextCursor;
    } catch {
      ElMessage.error(problemMessage(undefined, 503));
    } finally {
      loading.value = false;
    }
  }

  return { filters, results, nextCursor, loading, search };
}
