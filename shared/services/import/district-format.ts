/**
 * A district as CSV files: which files, their columns and the rules their values follow (the
 * columns are documented in `examples/districts/README.md`), and what reading them gives.
 */
import { ID_PATTERN, ID_RULE, RESERVED_IDS } from '../../domain/hierarchy-rules.js';
import type { HierarchyNode, Household, Person } from '../../domain/hierarchy.js';
import type { ServiceProvider } from '../../domain/request.js';
import type { CsvSource } from './csv.js';

/** Every file of a district, in the order they are read and problems reported; see OPTIONAL_DISTRICT_FILES. */
export const DISTRICT_FILES = ['nodes', 'people', 'posts', 'households', 'residents', 'providers'] as const;
export type DistrictFile = (typeof DISTRICT_FILES)[number];
/** Files a district may leave out: without providers.csv it has no ten staff or volunteer teams. */
export const OPTIONAL_DISTRICT_FILES = ['providers'] as const satisfies readonly DistrictFile[];
export type OptionalDistrictFile = (typeof OPTIONAL_DISTRICT_FILES)[number];
/**
 * Each file by name without `.csv` (an optional file may be absent): its text (what `districtCsv`
 * writes), or, to read, a `CsvSource` (its text or a path to stream it from).
 */
export type DistrictFiles<Source = string> = Record<Exclude<DistrictFile, OptionalDistrictFile>, Source> &
  Partial<Record<OptionalDistrictFile, Source>>;

/** The columns of each file, in the order `districtCsv` writes them (a file may order them freely). */
export const DISTRICT_COLUMNS = {
  nodes: ['id', 'type', 'name', 'parent_id'],
  people: ['id', 'name', 'phone'],
  posts: ['node_id', 'person_id'],
  households: ['id', 'unit_id', 'room', 'tags'],
  residents: ['household_id', 'person_id', 'name', 'phone', 'relation'],
  providers: ['id', 'kind', 'name', 'scope', 'member_ids', 'contact_id', 'specialities'],
} as const satisfies Record<DistrictFile, readonly string[]>;

/** Columns that may be left empty (every other column is required). */
export const OPTIONAL_COLUMNS: Partial<Record<DistrictFile, readonly string[]>> = {
  nodes: ['parent_id'],
  households: ['tags'],
  providers: ['contact_id'],
};

export interface District {
  nodes: HierarchyNode[];
  households: Household[];
  persons: Person[];
  /** The ten staff (十员) and volunteer teams, from providers.csv (none without it). */
  providers: ServiceProvider[];
}

export interface ImportProblem {
  /** The file's name, e.g. `households.csv`. */
  file: string;
  /** 1-based line of the file (the header is line 1); a record spanning lines is reported at its first. */
  line: number;
  reason: string;
}

export interface ParseOptions {
  /**
   * The household tags the district records (the standard four and its config's `householdTags`,
   * as the API accepts them); any other tag is a problem. Without it, any non-empty tag is accepted.
   */
  tags?: readonly string[];
  /**
   * The request category codes of the district (its config's `categories`): a provider's
   * specialities must be among them. Without it, any non-empty code is accepted.
   */
  categories?: readonly string[];
}

export type DistrictParseResult = { data: District } | { problems: ImportProblem[] };

/** What parseDistrictCsv reads: each file's text or the path of the file. */
export type DistrictSources = DistrictFiles<CsvSource>;

export type NodeLevel = HierarchyNode['type'];

/** The type a node's parent must have (a street has no parent). */
export const PARENT_TYPE: Record<NodeLevel, NodeLevel | undefined> = {
  street: undefined,
  community: 'street',
  grid: 'community',
  building: 'grid',
  unit: 'building',
};
/** The type names a node may have in nodes.csv. */
export const NODE_LEVELS = Object.keys(PARENT_TYPE) as NodeLevel[];

export const MAX_TEXT_LENGTH = 100;
/** A mainland mobile number in E.164 (leaders and residents get SMS): `+86` and 11 digits from 1. */
export const PHONE_PATTERN = /^\+861\d{10}$/;
export const PHONE_PROBLEM = 'must be a mainland mobile number in E.164, e.g. +8613800000000';
/** Household tags are separated by `;` inside the tags column (and so are members and specialities). */
export const TAG_SEPARATOR = ';';
/** What a provider may be: one of the ten staff (one person) or a volunteer team. */
export const PROVIDER_KINDS: readonly ServiceProvider['kind'][] = ['staff', 'team'];
/** Node types a provider may serve. */
export const PROVIDER_SCOPES: readonly NodeLevel[] = ['grid', 'community'];
/**
 * The most members a provider may have: it is written in one transaction with a grant per
 * member, and a DynamoDB transaction holds at most 100 items.
 */
export const MAX_PROVIDER_MEMBERS = 99;

/** The distinct non-empty entries of a `;`-separated field, in their order. */
export const listOf = (field: string): string[] => [
  ...new Set(
    field
      .split(TAG_SEPARATOR)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  ),
];

/** The API's id rule (what is imported can be edited there), and `district`, the root, is reserved. */
export function idProblem(value: string): string | undefined {
  if (!ID_PATTERN.test(value)) return ID_RULE;
  if (RESERVED_IDS.includes(value)) return 'is reserved (it names the district itself)';
  return undefined;
}

export const fileName = (file: DistrictFile) => `${file}.csv`;
