import { ref } from 'vue';

/**
 * The district's own names for its codes (request categories). `GET /district` will name them; until
 * that route is in the API contract the page shows the code. The one place the route plugs in.
 */
const categoryNames = ref<Record<string, string>>({});

export function useDistrictNames() {
  return {
    categoryName: (code: string): string => categoryNames.value[code] ?? code,
  };
}
