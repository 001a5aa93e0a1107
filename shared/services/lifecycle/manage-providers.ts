import { reaches, type Access, type Role } from '../../domain/access.js';
import { LEVELS } from '../../config/vocabulary.js';
import type { ServiceProvider } from '../../domain/request.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../errors.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getNode, getPerson } from '../../store/hierarchy-store.js';
import { getProvider, listProviders, putProvider, type ProviderSummary } from '../../store/provider-store.js';

/** Who registers the ten staff and the volunteer teams of an area. */
const REGISTRARS: readonly Role[] = ['district_admin', 'street_staff', 'community_staff'];

export interface ProviderInput {
  id: string;
  kind: ServiceProvider['kind'];
  name: string;
  /** The grid or community the provider serves. */
  scope: string;
  memberIds: string[];
  /** Who is texted; the first member unless said. */
  contactId?: string;
  specialities: string[];
}

async function servedNode(deps: Dependencies, id: string) {
  const node = await getNode(deps.table, id);
  if (!node || (node.type !== 'grid' && node.type !== 'community')) {
    throw new UnprocessableError(`Providers serve a grid or a community; ${id} is not one.`, [
      { field: 'scope', message: 'must be a grid or community id' },
    ]);
  }
  return node;
}

/** Registers one of the ten staff (a single member) or a volunteer team, and grants its members service_staff there. */
export async function registerProvider(deps: Dependencies, access: Access, input: ProviderInput) {
  const node = await servedNode(deps, input.scope);
  if (!reaches(access, { ancestors: node.ancestors }, REGISTRARS)) {
    throw new ForbiddenError(
      `Only district, street or community staff over ${node.id} register its providers.`,
      [{ field: 'scope', message: 'outside the area you manage' }],
    );
  }
  const categories = new Set(deps.config.categories.map((category) => category.code));
  const problems = [
    ...input.specialities
      .map((code, index) => ({ code, index }))
      .filter(({ code }) => !categories.has(code))
      .map(({ index }) => ({ field: `specialities.${index}`, message: 'not a category of this district' })),
    ...(input.kind === 'staff' && input.memberIds.length !== 1
      ? [{ field: 'memberIds', message: 'a staff member is exactly one person' }]
      : []),
    ...(input.contactId && !input.memberIds.includes(input.contactId)
      ? [{ field: 'contactId', message: 'must be one of memberIds' }]
      : []),
  ];
  const members = await Promise.all(input.memberIds.map((id) => getPerson(deps.table, id)));
  members.forEach((member, index) => {
    if (!member) problems.push({ field: `memberIds.${index}`, message: 'no such person' });
  });
  if (problems.length > 0)
    throw new UnprocessableError('The provider cannot be registered as given.', problems);
  if (await getProvider(deps.table, input.id))
    throw new ConflictError(`Provider ${input.id} already exists.`);
  const contactId = input.contactId ?? input.memberIds[0] ?? '';
  const contact = members.find((member) => member?.id === contactId);
  const provider: ServiceProvider = {
    kind: input.kind,
    id: input.id,
    name: input.name,
    contact: { personId: contactId, phone: contact?.phone ?? '' },
    memberIds: input.memberIds,
    specialities: input.specialities,
    scope: node.id,
  };
  await putProvider(deps.table, provider);
  return provider;
}

/** Everyone who can be sent to work in a node's area: the providers of the node and of every level above it. */
export async function providersServing(
  deps: Dependencies,
  access: Access,
  nodeId: string,
): Promise<ProviderSummary[]> {
  const node = await getNode(deps.table, nodeId);
  if (!node)
    throw new NotFoundError(`Node ${nodeId} does not exist.`, [{ field: 'node', message: 'unknown' }]);
  if (!reaches(access, { ancestors: node.ancestors })) {
    throw new ForbiddenError(`Node ${nodeId} is outside your area.`, [
      { field: 'node', message: 'outside your area' },
    ]);
  }
  const scopes = LEVELS.map((level) => node.ancestors[level]).filter((id): id is string => id !== undefined);
  return (await Promise.all(scopes.map((scope) => listProviders(deps.table, scope)))).flat();
}

export async function readProvider(deps: Dependencies, access: Access, id: string): Promise<ServiceProvider> {
  const provider = await getProvider(deps.table, id);
  const node = provider ? await getNode(deps.table, provider.scope) : undefined;
  if (!provider || !node) throw new NotFoundError(`Provider ${id} does not exist.`);
  if (!reaches(access, { ancestors: node.ancestors }))
    throw new ForbiddenError(`Provider ${id} serves outside your area.`);
  return provider;
}
