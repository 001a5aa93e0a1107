import { computed, shallowRef, type ComputedRef, type ShallowRef } from 'vue';
import type { Api } from '../api/client';
import type { components } from '../api/schema';
import { useApp } from './app-context';
import { nameOf } from './labels';
import type { Problem } from './problem';

/** What a page labels with from `GET /district`: the district's own vocabulary (its categories first). */
export type District = components['schemas']['District'];

const fetchDistrict = (api: Api) => api.GET('/district');
type DistrictAnswer = Awaited<ReturnType<typeof fetchDistrict>>;

/** One fetch per page (per API client): the district changes with a deployment, not while a page is open. */
const loaded = new WeakMap<Api, Promise<DistrictAnswer>>();

export interface DistrictState {
  district: ShallowRef<District | undefined>;
  /** The failed answer (its status), when the district could not be read. */
  failure: ShallowRef<{ problem: Problem | undefined; status: number } | undefined>;
  categories: ComputedRef<District['categories']>;
  /** A category's Chinese name, or its code until the district is known. */
  categoryName: (code: string | undefined) => string;
}

export function useDistrict(api: Api = useApp().api): DistrictState {
  const district = shallowRef<District>();
  const failure = shallowRef<{ problem: Problem | undefined; status: number }>();
  let answer = loaded.get(api);
  if (!answer) {
    answer = fetchDistrict(api);
    loaded.set(api, answer);
  }
  void answer.then(
    ({ data, error, response }) => {
      if (data) district.value = data;
      else {
        loaded.delete(api);
        failure.value = { problem: error as Problem | undefined, status: response.status };
      }
    },
    () => {
      loaded.delete(api);
      failure.value = { problem: undefined, status: 503 };
    },
  );
  const names = computed(() =>
    Object.fromEntries((district.value?.categories ?? []).map(({ code, name }) => [code, name])),
  );
  return {
    district,
    failure,
    categories: computed(() => district.value?.categories ?? []),
    categoryName: (code) => nameOf(names.value, code),
  };
}
