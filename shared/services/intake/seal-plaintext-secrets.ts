import { isSealed, type PartnerSecret, type PlaintextSecret } from '../../domain/intake-partner.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getPartner, listPartners, putPartner } from '../../store/partner-store.js';
import { sealSecret } from './partner-secrets.js';

export interface SealingSummary {
  partners: number;
  /** Secrets that were stored in clear and are now sealed (0 on a re-run). */
  sealed: number;
  /** Partners changed by someone else meanwhile: left as they were, for a re-run. */
  changedMeanwhile: string[];
}

/**
 * Seals every partner secret a deployed district still stores in clear (as secrets were stored
 * before they were sealed), each under its own partner and secret id, and rewrites the partner
 * without the clear value. Idempotent: sealed secrets are left alone, so a re-run writes nothing.
 */
export async function sealPlaintextSecrets(
  deps: Pick<Dependencies, 'table' | 'sealer' | 'clock'>,
): Promise<SealingSummary> {
  const summary: SealingSummary = { partners: 0, sealed: 0, changedMeanwhile: [] };
  for (const { id } of await listPartners(deps.table)) {
    const partner = await getPartner(deps.table, id);
    if (!partner) continue;
    summary.partners += 1;
    const stored = partner.secrets as (PartnerSecret | PlaintextSecret)[];
    const plaintext = stored.filter((secret) => !isSealed(secret));
    if (plaintext.length === 0) continue;
    const secrets = await Promise.all(
      stored.map(async (secret) =>
        isSealed(secret)
          ? secret
          : { ...(await sealSecret(deps, id, secret.id, secret.value)), createdAt: secret.createdAt },
      ),
    );
    const next = {
      ...partner,
      secrets,
      revision: partner.revision + 1,
      updatedAt: deps.clock.now().toISOString(),
    };
    if (await putPartner(deps.table, next, partner.revision)) summary.sealed += plaintext.length;
    else summary.changedMeanwhile.push(id);
  }
  return summary;
}
