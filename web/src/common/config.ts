/** What the host says about this deployment: `/config.json`, written by the stack at deploy time (or by the local run). */
export interface SiteConfig {
  /** The API's base URL; '' when the pages are served from the API's own origin (the local run). */
  apiUrl: string;
  districtName: string;
  /** Virtual seconds per real second: 1 when deployed; the local run speeds SLAs up. */
  timeScale: number;
}

export async function loadSiteConfig(fetchImpl: typeof fetch = fetch): Promise<SiteConfig> {
  const response = await fetchImpl('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const body = (await response.json()) as Partial<SiteConfig>;
  return {
    apiUrl: typeof body.apiUrl === 'string' ? body.apiUrl.replace(/\/$/, '') : '',
    districtName: typeof body.districtName === 'string' ? body.districtName : '',
    timeScale: typeof body.timeScale === 'number' && body.timeScale >= 1 ? body.timeScale : 1,
  };
}
