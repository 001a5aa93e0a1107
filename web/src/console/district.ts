import { computed, ref } from 'vue';
import type { Api } from '../api/client';
import { getDistrict } from './pending-routes';

/** What the console labels and chooses with from `GET /district`: the district's categories and household tags. */
export interface DistrictVocabulary {
  categories: { code: string; name: string }[];
  householdTags: string[];
}

/** Asked once per client (one per page). */
const asked = new WeakMap<Api, Promise<DistrictVocabulary>>();

async function fetchVocabulary(api: Api): Promise<DistrictVocabulary> {
  try {
    const { data } = await getDistrict(api);
    return { categories: data?.categories ?? [], householdTags: data?.householdTags ?? [] };
  } catch {
    return { categories: [], householdTags: [] };
  }
}

/** The district's vocabulary; until `GET /district` answers (or when it cannot), empty: codes show as they are. */
export function useDistrict(api: Api) {
  const vocabulary = ref<DistrictVocabulary>({ categories: [], householdTags: [] });
  const loading = asked.get(api) ?? fetchVocabulary(api);
  asked.set(api, loading);
  void loading.then((value) => (vocabulary.value = value));
  const categoryNames = computed(() =>
    Object.fromEntries(vocabulary.value.categories.map(({ code, name }) => [code, name])),
  );
  return { vocabulary, categoryNames };
}
