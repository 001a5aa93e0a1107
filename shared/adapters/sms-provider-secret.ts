import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '../zod.js';

/**
 * The SMS provider's credentials and the delivery-status callback's URL token, in one Secrets
 * Manager secret the stack creates (the token generated, the credentials put in by the operator).
 */
export interface SmsProviderSecret {
  secretId: string;
  secretKey: string;
  callbackToken: string;
}

/** The secret's fixed name: functions are granted on the ARN it makes, without a reference to it. */
export function smsProviderSecretName(districtId: string): string {
  return `sanzhang-${districtId}-sms-provider`;
}

/**
 * Reads the secret once per container, on first use; a failed read is forgotten, so the next call
 * tries again. What a malformed secret lacks is named, never its values.
 */
export function smsProviderSecret(
  client: SecretsManagerClient,
  secretName: string,
): () => Promise<SmsProviderSecret> {
  // Built here, not at module level: a function bundled without the provider never builds it.
  const secretShape = z.object({
    secretId: z.string().check(z.minLength(1)),
    secretKey: z.string().check(z.minLength(1)),
    callbackToken: z.string().check(z.minLength(32)),
  });
  let reading: Promise<SmsProviderSecret> | undefined;
  const read = async () => {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretName }));
    let parsed: unknown;
    try {
      parsed = JSON.parse(SecretString ?? '');
    } catch {
      parsed = undefined;
    }
    const result = z.safeParse(secretShape, parsed);
    if (!result.success) {
      const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
      throw new Error(
        `the SMS provider secret ${secretName} is not {secretId, secretKey, callbackToken}: check ${fields.join(', ')} (docs/sms.md)`,
      );
    }
    return result.data;
  };
  return () => {
    reading ??= read().catch((error: unknown) => {
      reading = undefined;
      throw error;
    });
    return reading;
  };
}
