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

type WithSealer = Pick<Dependencies, 'sealer'>;

/** Only the functions that seal or open partner secrets are given a sealer (and its key grant). */
function sealerOf(deps: WithSealer): SecretSealer {
  if (!deps.sealer) throw new Error('this function may not seal or open partner secrets (no sealer)');
  return deps.sealer;
}

/** The partner's secret `secretId`, sealed: what the table keeps of it. */
export async function sealSecret(
  deps: WithSealer,
  partnerId: string,
  secretId: string,
  value: string,
): Promise<Omit<PartnerSecret, 'createdAt'>> {
  const sealed = await sealerOf(deps).seal(value, { partnerId, secretId });
  return { id: secretId, sealed, endsWith: secretEnding(value) };
}

/** A new secret of the partner, sealed under its own new id. */
export const sealNewSecret = (deps: WithSealer, partnerId: string, value: string) =>
  sealSecret(deps, partnerId, newSecretId(), value);

/**
 * The partner's active secrets in clear, to check a delivery's proof. A secret that does not open
 * for this partner (sealed for another, or altered) or was never sealed does not count.
 */
export async function openSecrets(deps: WithSealer, partner: Partner): Promise<string[]> {
  const opened = await Promise.all(
    partner.secrets.map(async (secret) => {
      if (!isSealed(secret)) {
        logger.warn('unsealed partner secret ignored: run npm run seal-partner-secrets', {
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
