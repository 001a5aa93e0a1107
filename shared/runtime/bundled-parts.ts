/**
 * The parts of a function's dependencies chosen when it is bundled, each with the expression
 * esbuild replaces by `true` or `false` (infra/sanzhang-function.ts). shared/runtime/dependencies.ts
 * builds a part only under its flag, so a part left out takes its AWS client out of the bundle.
 * Unbundled (the local run, the tests) every flag is unset: those hand their own dependencies in.
 */
export const BUNDLED_PART_FLAGS = {
  /** Starts lifecycles and completes their tasks (Step Functions). */
  workflow: 'process.env.SANZHANG_PART_WORKFLOW',
  /** Starts the monthly settlement (Step Functions). */
  settlement: 'process.env.SANZHANG_PART_SETTLEMENT',
  /** Texts phones and the supervisors through SNS. */
  snsSms: 'process.env.SANZHANG_PART_SNS_SMS',
  /** Texts phones through Tencent Cloud SMS, its credentials in Secrets Manager. */
  tencentSms: 'process.env.SANZHANG_PART_TENCENT_SMS',
  /** Reads the SMS provider's delivery-status callback token (Secrets Manager). */
  smsCallback: 'process.env.SANZHANG_PART_SMS_CALLBACK',
  /** Signs sign-in tokens (KMS). */
  signIn: 'process.env.SANZHANG_PART_SIGN_IN',
  /** Seals and opens partner secrets (KMS). */
  sealer: 'process.env.SANZHANG_PART_SEALER',
  /** The photo bucket (S3). */
  photos: 'process.env.SANZHANG_PART_PHOTOS',
  /** Publishes to the notifications topic (SNS). */
  notificationTopic: 'process.env.SANZHANG_PART_NOTIFICATION_TOPIC',
  /** Writes the notifications archive (S3). */
  archive: 'process.env.SANZHANG_PART_ARCHIVE',
  /** Sends staff e-mail (SES). */
  mailer: 'process.env.SANZHANG_PART_MAILER',
} as const;

export type BundledPart = keyof typeof BUNDLED_PART_FLAGS;

export const BUNDLED_PARTS = Object.keys(BUNDLED_PART_FLAGS) as BundledPart[];

/** esbuild `define` entries: each flag `true` for the parts given, `false` for the rest. */
export function bundledPartDefines(parts: Iterable<BundledPart>): Record<string, string> {
  const chosen = new Set(parts);
  return Object.fromEntries(
    BUNDLED_PARTS.map((part) => [BUNDLED_PART_FLAGS[part], JSON.stringify(chosen.has(part))]),
  );
}
