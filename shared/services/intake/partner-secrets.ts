import type { SecretSealer } from '../../adapters/secret-sealer.js';
import {
  isSealed,
  newSecretId,
  secretEnding,
  type Partner,
  type PartnerSecret,
} from '../../domain/intake-partner.js';
import { logger } from '../../logger.js';
import type { Dependencies } from '../../runtime/dependencies.js';

/** Only the functions that seal or open partner secrets are given a sealer (and its key grant). */
function sealerOf(deps: Dependencies): SecretSealer {
  if (!deps.sealer) throw new Error('this function may not seal or open partner secrets (no sealer)');
  return deps.sealer;
}

/** A new secret of the partner, sealed under its own id: what the table keeps of it. */
export async function sealNewSecret(
  deps: Dependencies,
  partnerId: string,
  value: string,
): Promise<Omit<PartnerSecret, 'createdAt'>> {
  const id = newSecretId();
  const sealed = await sealerOf(deps).seal(value, { partnerId, secretId: id });
  return { id, sealed, endsWith: secretEnding(value) };
}

/**
 * The partner's active secrets in clear, to check a delivery's proof. A secret that does not open
 * for this partner (sealed for another, or altered) or was never sealed does not count.
 */
export async function openSecrets(deps: Dependencies, partner: Partner): Promise<string[]> {
  const opened = await Promise.all(
    partner.secrets.map(async (secret) => {
      if (!isSealed(secret)) {
        logger.warn('unsealed partner secret ignored: run bin/seal-partner-secrets.ts', {
          partnerId: partner.id,
          secretId: (secret as { id: string }).id,
        });
        return undefined;
      }
      const value = await sealerOf(deps).open(secret.sealed, { partnerId: partner.id, secretId: secret.id });
      if (value === undefined) {
        logger.error('partner secret does not open for its partner', {
          partnerId: partner.id,
          secretId: secret.id,
        });
      }
      return value;
    }),
  );
  return opened.filter((value) => value !== undefined);
}
