import { districtPartition } from '../../config/partition.js';
import { isLinkLive, leaderRequestUrl } from '../../domain/short-link.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getLink } from '../../store/short-link-store.js';

/**
 * Where a leader's SMS link leads (a well-formed token): the request on the leader page, or nothing
 * for a token unknown or expired, which the caller answers alike.
 */
export async function linkDestination(deps: Dependencies, token: string): Promise<string | undefined> {
  const site = deps.siteUrl?.();
  if (!site) return undefined;
  const link = await getLink(deps.table, token);
  if (!link || !isLinkLive(link, deps.clock.now())) return undefined;
  return leaderRequestUrl(site, link.requestId, districtPartition(deps.config));
}
