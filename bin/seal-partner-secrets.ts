/**
 * `npm run seal-partner-secrets -- --table <name> [--district lvyuan] [--key <key ARN or alias>] [--region <region>]`
 *
 * Once, right after a deployed district is updated to sealed partner secrets: seals every partner
 * secret its table still stores in clear with the district's partner-secrets KMS key (by default
 * its alias, alias/sanzhang-<district>-partner-secrets) and removes the clear value. Until then the
 * webhook receiver ignores a secret in clear, so its partner's deliveries are refused (401, listed
 * at GET /partners/{id}/rejections). Runs with the operator's AWS credentials (kms:Encrypt on the
 * key, Query/GetItem/PutItem on the table). Re-running it writes nothing.
 */
import { parseArgs } from 'node:util';
import { KMSClient } from '@aws-sdk/client-kms';
import { partnerSecretsKeyAlias } from '../infra/intake.js';
import { KmsSecretSealer } from '../shared/adapters/kms-secret-sealer.js';
import { systemClock } from '../shared/domain/clock.js';
import { sealPlaintextSecrets } from '../shared/services/intake/seal-plaintext-secrets.js';
import { createDocumentClient } from '../shared/store/document-client.js';

const USAGE =
  'usage: npm run seal-partner-secrets -- --table <name> [--district lvyuan] [--key <key ARN or alias>] [--region <region>]';

const { values } = parseArgs({
  options: {
    table: { type: 'string' },
    district: { type: 'string', default: 'lvyuan' },
    key: { type: 'string' },
    region: { type: 'string' },
  },
});
if (!values.table) {
  console.error(`--table is required (the stack's TableName output)\n${USAGE}`);
  process.exit(2);
}
if (values.region) process.env.AWS_REGION = values.region;

const keyId = values.key ?? partnerSecretsKeyAlias(values.district);
const db = createDocumentClient();
const kms = new KMSClient({});
try {
  const summary = await sealPlaintextSecrets({
    table: { db, name: values.table },
    sealer: new KmsSecretSealer(kms, keyId),
    clock: systemClock,
  });
  console.log(
    `${summary.partners} partners in ${values.table}: ${summary.sealed} secrets sealed with ${keyId}.`,
  );
  if (summary.changedMeanwhile.length > 0) {
    console.error(`Changed meanwhile, not sealed yet (run again): ${summary.changedMeanwhile.join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log('No partner secret is stored in clear any more.');
  }
} finally {
  db.destroy();
  kms.destroy();
}
