import { computed, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { Api } from '../api/client';
import { useApp } from '../common/app-context';
import { answerOf } from './answer';
import { chartsOf, type RequestStats } from './stats-charts';

/**
 * `GET /stats/requests` and `GET /district` are being added to the API by another change: called
 * through the one client, their answers typed here until the generated schema has them. When
 * `npm run web:api` writes them, call `api.GET('/stats/requests', …)` and `api.GET('/district')`
 * directly and delete this.
 */
type PendingGet = (
  path: '/stats/requests' | '/district',
  init?: { params: { query: Record<string, string> } },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const pendingGet = <T>(api: Api, ...args: Parameters<PendingGet>) =>
  (api.GET as unknown as PendingGet)(...args) as Promise<{ data?: T; error?: unknown; response: Response }>;

/** The days to chart (district time, both ends in) and, optionally, the subtree (else all the caller serves). */
export interface StatsWindow {
  from: string;
  to: string;
  node?: string;
}

/**
 * The charts of a window: `GET /stats/requests` mapped into chart series, with the district's
 * category names (`GET /district`; the codes until it answers). Reloads when the window changes;
 * an answer to an older window is dropped.
 */
export function useStats(window: MaybeRefOrGetter<StatsWindow>) {
  const { api } = useApp();
  const stats = shallowRef<RequestStats>();
  const categoryNames = ref<Record<string, string>>({});
  const loading = ref(false);
  const error = ref<string>();
  let latest = 0;

  async function loadCategoryNames() {
    const { data } = await answerOf(
      pendingGet<{ categories: { code: string; name: string }[] }>(api, '/district'),
    );
    if (data) categoryNames.value = Object.fromEntries(data.categories.map(({ code, name }) => [code, name]));
  }

  async function load() {
    const asked = ++latest;
    const { from, to, node } = toValue(window);
    loading.value = true;
    const answer = await answerOf(
      pendingGet<RequestStats>(api, '/stats/requests', {
        params: { query: { from, to, ...(node ? { node } : {}) } },
      }),
    );
    if (asked !== latest) return;
    loading.value = false;
    error.value = answer.message;
    stats.value = answer.data;
  }

  void loadCategoryNames();
  watch(() => ({ ...toValue(window) }), load, { immediate: true, deep: true });
  return {
    stats,
    charts: computed(() => (stats.value ? chartsOf(stats.value, categoryNames.value) : [])),
    loading,
    error,
    reload: load,
  };
}
