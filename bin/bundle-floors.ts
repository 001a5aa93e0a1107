import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { bundlingOptionsFor, REPOSITORY_ROOT } from '../infra/sanzhang-function.js';
import type { DistrictConfig } from '../shared/config/district-config.js';

/**
 * The floor of a function's bundle: the smallest bundle that holds the same third-party packages,
 * built with the same esbuild options. Each package the project depends on directly and the
 * bundle holds is used once, minimally (a client sending one command, a logger logging a line);
 * what those packages pull in comes along, as it does in the real bundle. What a bundle holds
 * above its floor is the project's own code and whatever of the packages it uses beyond the minimum.
 */

/** A bundle may be this many times its floor's size (issue 14). */
export const BUNDLE_TO_FLOOR_BUDGET = 1.25;

/** The import of a bundle in a fresh process may take this many times its floor's (issue 14). */
export const IMPORT_TO_FLOOR_BUDGET = 1.2;

interface MinimalUse {
  imports: string;
  use: string;
}

/**
 * How each direct dependency is used at its least. A bundle that holds a direct dependency missing
 * here has no floor: add the package's minimal use.
 */
const MINIMAL_USES: Record<string, MinimalUse> = {
  '@aws-sdk/client-dynamodb': {
    imports: "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
    use: "new DynamoDBClient({}).send(new GetItemCommand({ TableName: 't', Key: {} }))",
  },
  '@aws-sdk/lib-dynamodb': {
    imports:
      "import { DynamoDBClient as DocumentBase } from '@aws-sdk/client-dynamodb';\n" +
      "import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';",
    use: "DynamoDBDocumentClient.from(new DocumentBase({})).send(new GetCommand({ TableName: 't', Key: {} }))",
  },
  '@aws-sdk/util-dynamodb': {
    imports: "import { marshall } from '@aws-sdk/util-dynamodb';",
    use: 'marshall({})',
  },
  '@aws-sdk/client-sfn': {
    imports: "import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
    use: "new SFNClient({}).send(new StartExecutionCommand({ stateMachineArn: 'a' }))",
  },
  '@aws-sdk/client-sns': {
    imports: "import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';",
    use: "new SNSClient({}).send(new PublishCommand({ Message: 'm' }))",
  },
  '@aws-sdk/client-sesv2': {
    imports: "import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';",
    use: "new SESv2Client({}).send(new SendEmailCommand({ FromEmailAddress: 'f' }))",
  },
  '@aws-sdk/client-kms': {
    imports: "import { KMSClient, EncryptCommand } from '@aws-sdk/client-kms';",
    use: "new KMSClient({}).send(new EncryptCommand({ KeyId: 'k', Plaintext: new Uint8Array() }))",
  },
  '@aws-sdk/client-secrets-manager': {
    imports: "import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';",
    use: "new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: 's' }))",
  },
  '@aws-sdk/client-s3': {
    imports: "import { S3Client, HeadObjectCommand } from '@aws-sdk/client-s3';",
    use: "new S3Client({}).send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' }))",
  },
  '@aws-sdk/s3-request-presigner': {
    imports:
      "import { S3Client as SigningS3, GetObjectCommand } from '@aws-sdk/client-s3';\n" +
      "import { getSignedUrl } from '@aws-sdk/s3-request-presigner';",
    use: "getSignedUrl(new SigningS3({}), new GetObjectCommand({ Bucket: 'b', Key: 'k' }))",
  },
  '@aws-sdk/s3-presigned-post': {
    imports:
      "import { S3Client as PostingS3 } from '@aws-sdk/client-s3';\n" +
      "import { createPresignedPost } from '@aws-sdk/s3-presigned-post';",
    use: "createPresignedPost(new PostingS3({}), { Bucket: 'b', Key: 'k' })",
  },
  '@middy/core': {
    imports: "import middy from '@middy/core';",
    use: 'middy().handler(async () => 0)',
  },
  zod: {
    imports: "import * as z from 'zod/mini';\nimport { en } from 'zod/locales';\nz.config(en());",
    use: "z.object({ a: z.string() }).safeParse({ a: 'a' })",
  },
  'csv-parse': {
    imports: "import { parse } from 'csv-parse';",
    use: "parse('a')",
  },
  'jsonpath-rfc9535': {
    imports: "import { query } from 'jsonpath-rfc9535';",
    use: "query({}, '$.a')",
  },
  '@aws-lambda-powertools/logger': {
    imports: "import { Logger } from '@aws-lambda-powertools/logger';",
    use: "new Logger().info('a')",
  },
  '@aws-lambda-powertools/metrics': {
    imports: "import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';",
    use: "new Metrics().addMetric('a', MetricUnit.Count, 1)",
  },
  '@aws-lambda-powertools/tracer': {
    imports: "import { Tracer } from '@aws-lambda-powertools/tracer';",
    use: "new Tracer().putAnnotation('a', 'a')",
  },
};

/** The package a bundled file belongs to (`@scope/name` or `name`), or undefined for the project's own. */
function packageOf(file: string): string | undefined {
  return /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
}

/** The third-party packages of the files a bundle is made of, sorted. */
export function packagesOf(files: Iterable<string>): string[] {
  const packages = new Set<string>();
  for (const file of files) {
    const name = packageOf(file);
    if (name) packages.add(name);
  }
  return [...packages].sort();
}

/** The packages of a bundle from its source map, the `.map` beside it, which names every file it holds. */
export function packagesOfSourceMap(bundleFile: string): string[] {
  const map = JSON.parse(readFileSync(`${bundleFile}.map`, 'utf8')) as { sources: string[] };
  return packagesOf(map.sources);
}

/** The packages of a bundle from esbuild's metafile (its inputs that put bytes into the output). */
export function packagesOfMetafile(metafile: Metafile): string[] {
  return packagesOf(
    Object.values(metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([file]) => file),
    ),
  );
}

const directDependencies = Object.keys(
  (
    JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    }
  ).dependencies,
);

/** The floor's source: each direct dependency among the packages, used minimally in a handler. */
export function floorSource(packages: readonly string[]): string {
  const roots = directDependencies.filter((name) => packages.includes(name));
  const missing = roots.filter((name) => !MINIMAL_USES[name]);
  if (missing.length > 0) {
    throw new Error(
      `no minimal use for ${missing.join(', ')}: add it to MINIMAL_USES (bin/bundle-floors.ts)`,
    );
  }
  const uses = roots.map((name) => MINIMAL_USES[name]!);
  return [
    ...uses.map((use) => use.imports),
    `export const handler = async () => Promise.all([${uses.map((use) => use.use).join(', ')}]);`,
  ].join('\n');
}

/**
 * Builds the floor of a bundle holding these packages with the district's bundling options:
 * written to `outfile` (with its source map, as a deployed bundle has), or only measured.
 */
export async function buildFloor(
  config: DistrictConfig,
  packages: readonly string[],
  outfile?: string,
): Promise<{ bytes: number; packages: string[] }> {
  const result = await build({
    ...bundlingOptionsFor(config),
    stdin: {
      contents: floorSource(packages),
      resolveDir: REPOSITORY_ROOT,
      loader: 'ts',
      sourcefile: 'floor.ts',
    },
    outfile: outfile ?? path.join(REPOSITORY_ROOT, 'floor.mjs'),
    write: outfile !== undefined,
    metafile: true,
    logLevel: 'silent',
  });
  return { bytes: bundleBytes(result.metafile), packages: packagesOfMetafile(result.metafile) };
}

/** The size of the JavaScript a build wrote (its source map left out). */
export function bundleBytes(metafile: Metafile): number {
  return Object.entries(metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
}
