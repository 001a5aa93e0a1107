import { computed, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { useApp } from '../common/app-context';
import { answerOf } from '../common/answer';
import { useDistrict } from './district';
import { chartsOf, type RequestStats } from './stats-charts';

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
  const { categoryNames } = useDistrict(api);
  const loading = ref(false);
  const error = ref<string>();
  let latest = 0;

  async function load() {
    const asked = ++latest;
    const { from, to, node } = toValue(window);
    loading.value = true;
    const answer = await answerOf(
      api.GET('/stats/requests', { params: { query: { from, to, ...(node ? { node } : {}) } } }),
    );
    if (asked !== latest) return;
    loading.value = false;
    error.value = answer.message;
    stats.value = answer.data;
  }

  watch(() => ({ ...toValue(window) }), load, { immediate: true, deep: true });
  return {
    stats,
    charts: computed(() => (stats.value ? chartsOf(stats.value, categoryNames.value) : [])),
    loading,
    error,
    reload: load,
  };
}
