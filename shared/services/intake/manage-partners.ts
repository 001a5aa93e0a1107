import { DISTRICT_SCOPE, type Access } from '../../domain/access.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
  type FieldProblem,
} from '../../errors.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { listRejectionHours, listRejections } from '../../store/delivery-store.js';
import { getNode, getNodes } from '../../store/hierarchy-store.js';
import { getPartner, listPartners, putPartner } from '../../store/partner-store.js';
import {
  addSecret,
  issueApiKey,
  newSecretValue,
  partnerView,
  retireSecret,
  revokeApiKey,
  type Partner,
} from '../../domain/intake-partner.js';
import { jsonConfigProblems } from './formats/json.js';
import { sealNewSecret } from './partner-secrets.js';
import type { FieldMapping, IntakeFormat, JsonFormatConfig } from '../../domain/intake-submission.js';

export interface PartnerInput {
  id: string;
  name: string;
  format: IntakeFormat;
  scope: string;
  triageCommunityId?: string;
  defaultCategory: string;
  mapping: FieldMapping;
  json?: JsonFormatConfig;
  /** A secret the product issued (问卷星's key, 简道云's secret); else one is generated. */
  secret?: string;
}

export type PartnerPatch = Partial<
  Pick<Partner, 'name' | 'scope' | 'triageCommunityId' | 'defaultCategory' | 'mapping' | 'json' | 'disabled'>
>;

/** Partners are the district's: its admins add, rotate and revoke them. */
function assertAdmin(access: Access): void {
  if (!access.grants.some((grant) => grant.role === 'district_admin')) {
    throw new ForbiddenError('Only district admins manage intake partners.');
  }
}

async function loadPartner(deps: Dependencies, id: string): Promise<Partner> {
  const partner = await getPartner(deps.table, id);
  if (!partner) throw new NotFoundError(`Partner ${id} does not exist.`);
  return partner;
}

/** Formats whose fields are the partner's own: a mapping says which of them is the description. */
const MAPPED_FORMATS: readonly IntakeFormat[] = ['cli-im', 'jinshuju', 'wjx', 'jiandaoyun', 'json'];

/**
 * The scope is a node of the district (or all of it), the triage community a community, the category
 * known, and a mapped form says where its description is: a partner that could never deliver is refused now.
 */
async function assertPartnerConfig(
  deps: Dependencies,
  partner: Pick<Partner, 'format' | 'mapping' | 'json' | 'scope' | 'triageCommunityId' | 'defaultCategory'>,
) {
  const nodes = await getNodes(
    deps.table,
    [partner.scope, partner.triageCommunityId].filter((id) => id !== '' && id !== DISTRICT_SCOPE),
  );
  const problems: FieldProblem[] = [
    ...(MAPPED_FORMATS.includes(partner.format) && !partner.mapping.description?.length
      ? [
          {
            field: 'mapping.description',
            message: `required for ${partner.format}: the form field(s) that describe the problem`,
          },
        ]
      : []),
    ...(partner.format === 'json' ? jsonConfigProblems(partner.mapping, partner.json) : []),
    ...(partner.format !== 'json' && partner.json !== undefined
      ? [{ field: 'json', message: 'only for format json' }]
      : []),
    ...(partner.scope !== DISTRICT_SCOPE && !nodes.has(partner.scope)
      ? [{ field: 'scope', message: 'unknown node (or `district`)' }]
      : []),
    ...(nodes.get(partner.triageCommunityId)?.type !== 'community'
      ? [{ field: 'triageCommunityId', message: 'must be a community id (required unless the scope is one)' }]
      : []),
    ...(deps.config.categories.some((category) => category.code === partner.defaultCategory)
      ? []
      : [{ field: 'defaultCategory', message: "not one of this district's categories" }]),
  ];
  if (problems.length > 0) {
    throw new UnprocessableError(
      `This partner could never deliver: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`,
      problems,
    );
  }
}

async function save(deps: Dependencies, partner: Partner, ifRevision: number): Promise<Partner> {
  const next = { ...partner, revision: ifRevision + 1, updatedAt: deps.clock.now().toISOString() };
  if (!(await putPartner(deps.table, next, ifRevision))) {
    throw new ConflictError(
      ifRevision === 0
        ? `Partner ${partner.id} already exists.`
        : `Partner ${partner.id} changed meanwhile; reload and try again.`,
      ifRevision === 0 ? [{ field: 'id', message: 'already exists' }] : [],
    );
  }
  return next;
}

/** A new partner with its first secret, shown this once (the URL token for 草料, the signing key otherwise). */
export async function createPartner(deps: Dependencies, access: Access, input: PartnerInput) {
  assertAdmin(access);
  const { secret: given, ...fields } = input;
  const scopeNode = input.scope === DISTRICT_SCOPE ? undefined : await getNode(deps.table, input.scope);
  const triageCommunityId = input.triageCommunityId ?? (scopeNode?.type === 'community' ? scopeNode.id : '');
  const now = deps.clock.now();
  const draft: Partner = {
    ...fields,
    triageCommunityId,
    secrets: [],
    apiKeys: [],
    disabled: false,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    revision: 0,
  };
  await assertPartnerConfig(deps, draft);
  const value = given ?? newSecretValue();
  const { partner, secret } = addSecret(draft, await sealNewSecret(deps, draft.id, value), now);
  const saved = await save(deps, partner, 0);
  return { ...partnerView(saved), secret: { id: secret.id, value } };
}

export async function readPartner(deps: Dependencies, access: Access, id: string) {
  assertAdmin(access);
  return partnerView(await loadPartner(deps, id));
}

export async function partnersOfDistrict(deps: Dependencies, access: Access) {
  assertAdmin(access);
  return listPartners(deps.table);
}

export async function updatePartner(deps: Dependencies, access: Access, id: string, patch: PartnerPatch) {
  assertAdmin(access);
  const partner = await loadPartner(deps, id);
  const next = { ...partner, ...patch };
  await assertPartnerConfig(deps, next);
  return partnerView(await save(deps, next, partner.revision));
}

/**
 * Rotation, step one: a second secret, shown this once; both are accepted until the old one is
 * retired. Only its sealed form is stored: nothing here (nor anywhere but the delivery check) reads
 * a secret back.
 */
export async function rotateSecret(deps: Dependencies, access: Access, id: string, given?: string) {
  assertAdmin(access);
  const before = await loadPartner(deps, id);
  const value = given ?? newSecretValue();
  const { partner, secret } = addSecret(before, await sealNewSecret(deps, id, value), deps.clock.now());
  const saved = await save(deps, partner, before.revision);
  return { ...partnerView(saved), secret: { id: secret.id, value } };
}

export async function retirePartnerSecret(deps: Dependencies, access: Access, id: string, secretId: string) {
  assertAdmin(access);
  const before = await loadPartner(deps, id);
  return partnerView(await save(deps, retireSecret(before, secretId), before.revision));
}

/** An Open311 API key, shown this once: only its hash is kept. */
export async function issuePartnerApiKey(deps: Dependencies, access: Access, id: string) {
  assertAdmin(access);
  const before = await loadPartner(deps, id);
  const { partner, key, record } = issueApiKey(before, deps.clock.now());
  const saved = await save(deps, partner, before.revision);
  return { ...partnerView(saved), apiKey: { id: record.id, value: key } };
}

export async function revokePartnerApiKey(deps: Dependencies, access: Access, id: string, keyId: string) {
  assertAdmin(access);
  const before = await loadPartner(deps, id);
  return partnerView(await save(deps, revokeApiKey(before, keyId, deps.clock.now()), before.revision));
}

/**
 * Why the partner's latest deliveries were refused (what its integrator needs to fix them), and how
 * many were refused in each recent hour: beyond the hour's cap only the count is kept.
 */
export async function partnerRejections(deps: Dependencies, access: Access, id: string, limit: number) {
  assertAdmin(access);
  await loadPartner(deps, id);
  const [items, hours] = await Promise.all([
    listRejections(deps.table, id, limit),
    listRejectionHours(deps.table, id, 24),
  ]);
  return { items, hours };
}
