import { computed } from 'vue';
import type { Api } from '../api/client';
import { useDistrict as useDistrictProfile } from '../common/district';

/** What the console labels and chooses with from `GET /district`: the district's categories and household tags. */
export function useDistrict(api: Api) {
  const { district } = useDistrictProfile(api);
  const vocabulary = computed(() => ({
    categories: district.value?.categories ?? [],
    householdTags: district.value?.householdTags ?? [],
  }));
  const categoryNames = computed(() =>
    Object.fromEntries(vocabulary.value.categories.map(({ code, name }) => [code, name])),
  );
  return { vocabulary, categoryNames };
}
