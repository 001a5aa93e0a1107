import { inject, type InjectionKey } from 'vue';
import { createApi, type Api } from '../api/client';
import { loadSiteConfig, type SiteConfig } from './config';
import { createSession, type PageName, type Session } from './session';
import { ServerClock } from './time';

/** What every view of a page uses: the deployment's config, the server's clock, the API, the sign-in. */
export interface AppContext {
  page: PageName;
  config: SiteConfig;
  clock: ServerClock;
  api: Api;
  session: Session;
}

export const APP_CONTEXT: InjectionKey<AppContext> = Symbol('sanzhang');

export async function createAppContext(page: PageName): Promise<AppContext> {
  const config = await loadSiteConfig();
  const clock = new ServerClock(config.timeScale);
  const observe = (response: Response) => clock.observe(response.headers.get('date'));
  const session = createSession(page, createApi({ baseUrl: config.apiUrl, onResponse: observe }));
  const api = createApi({
    baseUrl: config.apiUrl,
    accessToken: () => session.accessToken(),
    onResponse: (response) => {
      observe(response);
      if (response.status === 401) session.forget();
    },
  });
  return { page, config, clock, api, session };
}

export function useApp(): AppContext {
  const context = inject(APP_CONTEXT);
  if (!context) throw new Error('useApp() outside a page created by createAppContext');
  return context;
}
