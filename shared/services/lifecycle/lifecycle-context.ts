import { randomBytes } from 'node:crypto';
import { newLinkToken } from '../../domain/short-link.js';
import type { LifecycleContext } from '../../domain/transition.js';
import type { Dependencies } from '../../runtime/dependencies.js';

/**
 * What the lifecycle decides with: the config, the time and, where the district has a site, how
 * leaders' SMS links are made (their tokens from node:crypto).
 */
export function lifecycleContext(deps: Dependencies): LifecycleContext {
  const site = deps.siteUrl?.();
  return {
    config: deps.config,
    now: deps.clock.now(),
    ...(site ? { links: { site, newToken: () => newLinkToken(randomBytes) } } : {}),
  };
}
