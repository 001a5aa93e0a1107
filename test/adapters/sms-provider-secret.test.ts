import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { smsProviderSecret } from '../../shared/adapters/sms-provider-secret.js';

const secrets = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'cn-north-1' });
const NAME = 'sanzhang-lvyuan-sms-provider';
const stored = { secretId: 'AKIDstored', secretKey: 'do-not-print-me', callbackToken: 't'.repeat(48) };

beforeEach(() => secrets.reset());
afterAll(() => secrets.restore());

describe('smsProviderSecret', () => {
  it('reads the secret once, on first use, and keeps it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(stored) });
    const read = smsProviderSecret(client, NAME);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);

    expect(await read()).toEqual(stored);
    expect(await read()).toEqual(stored);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]!.args[0].input).toEqual({ SecretId: NAME });
  });

  it('forgets a failed read, so the next call tries again', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: JSON.stringify(stored) });
    const read = smsProviderSecret(client, NAME);
    await expect(read()).rejects.toThrow('throttled');
    expect(await read()).toEqual(stored);
  });

  it('names what an unfilled secret lacks, never its values', async () => {
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ secretKey: 'do-not-print-me', callbackToken: stored.callbackToken }),
    });
    const error = (await smsProviderSecret(client, NAME)().catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('secretId');
    expect(error.message).not.toContain('do-not-print-me');
    expect(error.message).not.toContain(stored.callbackToken);
  });
});
