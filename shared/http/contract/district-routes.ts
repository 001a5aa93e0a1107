import * as district from './district.js';
import * as householdSearch from './household-search.js';
import * as households from './households.js';
import * as nodes from './nodes.js';
import * as people from './people.js';
import * as providers from './providers.js';
import { ok, type RouteContract, type RouteKey } from './route-contract.js';
import * as settlements from './settlements.js';
import * as stats from './stats.js';

const NO_CONTENT = { 204: ok('Done; no body') };

/** The hierarchy, households, people, providers and the monthly settlement: what the console calls. */
export const DISTRICT_ROUTES = {
  'GET /district': {
    summary: "The district's names and vocabulary",
    description:
      'What the pages label and choose with: categories, priorities, levels, household tags, the ' +
      'service calendar and quiet hours. Anyone signed in; no people in it.',
    tag: 'district',
    security: 'bearer',
    responses: { 200: ok('The district profile', district.districtResponse) },
  },
  'GET /stats/requests': {
    summary: 'Request statistics for the charts',
    description:
      'Over `from`–`to` (calendar days in the district zone, at most 92): SLA compliance by grid, the ' +
      'time-to-acknowledge distribution, requests by category per ISO week and escalations by level. ' +
      'Community, street and district staff, over what they serve; counted from the version that added them.',
    tag: 'statistics',
    security: 'bearer',
    query: stats.requestStatsQuery,
    responses: { 200: ok('The statistics of the window', stats.requestStatsResponse) },
  },
  'GET /households': {
    summary: 'Search households of a grid, building or unit',
    description: '`q` matches the start of the room or of a resident’s name; `tag` one household tag.',
    tag: 'households',
    security: 'bearer',
    query: householdSearch.householdSearchQuery,
    responses: {
      200: ok(
        'One page of households, by address, and how many matched',
        householdSearch.householdSearchPage,
      ),
    },
  },
  'POST /nodes': {
    summary: 'Add a node to the district tree',
    tag: 'hierarchy',
    security: 'bearer',
    body: nodes.createNodeBody,
    responses: { 201: ok('The node', nodes.hierarchyNode) },
    errors: [409, 422],
  },
  'GET /nodes/{id}': {
    summary: 'Read a node with its post (`district`: the root)',
    tag: 'hierarchy',
    security: 'bearer',
    responses: { 200: ok('The node', nodes.nodeRead) },
  },
  'PATCH /nodes/{id}': {
    summary: 'Rename a node',
    tag: 'hierarchy',
    security: 'bearer',
    body: nodes.patchNodeBody,
    responses: { 200: ok('The node', nodes.hierarchyNode) },
    errors: [409],
  },
  'DELETE /nodes/{id}': {
    summary: 'Delete an empty node',
    tag: 'hierarchy',
    security: 'bearer',
    responses: NO_CONTENT,
    errors: [409],
  },
  'GET /nodes/{id}/children': {
    summary: "A node's children",
    tag: 'hierarchy',
    security: 'bearer',
    query: nodes.childrenQuery,
    responses: { 200: ok('One page of children', nodes.childPage) },
  },
  'POST /nodes/{id}/move': {
    summary: 'Move a grid, building or unit under another parent',
    tag: 'hierarchy',
    security: 'bearer',
    body: nodes.moveNodeBody,
    responses: { 200: ok('The node, moved with its descendants', nodes.nodeMoved) },
    errors: [409, 422],
  },
  'PUT /nodes/{id}/post': {
    summary: 'Appoint the leader of a node',
    tag: 'hierarchy',
    security: 'bearer',
    body: nodes.postBody,
    responses: { 200: ok('The node, the change, the requests re-routed', nodes.postChanged) },
    errors: [409, 422],
  },
  'DELETE /nodes/{id}/post': {
    summary: "Vacate a node's post",
    tag: 'hierarchy',
    security: 'bearer',
    responses: { 200: ok('The node, the change, the requests re-routed', nodes.postChanged) },
    errors: [409],
  },
  'PUT /nodes/{id}/post/away': {
    summary: 'Mark the holder away (the deputy acts) or back',
    tag: 'hierarchy',
    security: 'bearer',
    body: nodes.awayBody,
    responses: { 200: ok('The node, the change, the requests re-routed', nodes.postChanged) },
    errors: [409, 422],
  },
  'PUT /nodes/{id}/deputy': {
    summary: "Appoint a post's deputy",
    tag: 'hierarchy',
    security: 'bearer',
    body: nodes.postBody,
    responses: { 200: ok('The node, the change, the requests re-routed', nodes.postChanged) },
    errors: [409, 422],
  },
  'DELETE /nodes/{id}/deputy': {
    summary: "Remove a post's deputy",
    tag: 'hierarchy',
    security: 'bearer',
    responses: { 200: ok('The node, the change, the requests re-routed', nodes.postChanged) },
    errors: [409],
  },
  'GET /nodes/{id}/post/history': {
    summary: "A post's history, oldest first",
    tag: 'hierarchy',
    security: 'bearer',
    responses: { 200: ok('Every change of the post', nodes.postHistory) },
  },
  'POST /regrid': {
    summary: 'Move buildings to another grid',
    tag: 'hierarchy',
    security: 'bearer',
    body: nodes.regridBody,
    responses: { 200: ok('What moved and what was already there', nodes.regridResult) },
    errors: [409, 422],
  },
  'POST /households': {
    summary: "Add a household's file (一户一档)",
    tag: 'households',
    security: 'bearer',
    body: households.createHouseholdBody,
    responses: { 201: ok('The household', households.household) },
    errors: [409, 422],
  },
  'GET /households/{id}': {
    summary: "Read a household's file",
    tag: 'households',
    security: 'bearer',
    responses: { 200: ok('The household', households.household) },
  },
  'PATCH /households/{id}': {
    summary: "Change a household's file",
    tag: 'households',
    security: 'bearer',
    body: households.patchHouseholdBody,
    responses: { 200: ok('The household', households.household) },
    errors: [409],
  },
  'DELETE /households/{id}': {
    summary: 'Delete a household without open requests',
    tag: 'households',
    security: 'bearer',
    responses: NO_CONTENT,
    errors: [409],
  },
  'POST /people': {
    summary: 'Add a person to the roster',
    tag: 'people',
    security: 'bearer',
    body: people.createPersonBody,
    responses: { 201: ok('The person', people.person) },
    errors: [409],
  },
  'GET /people/{id}': {
    summary: 'Read a person with the posts they hold',
    tag: 'people',
    security: 'bearer',
    responses: { 200: ok('The person', people.person) },
  },
  'PATCH /people/{id}': {
    summary: "Change a person's name or phone (it follows to their posts and open requests)",
    tag: 'people',
    security: 'bearer',
    body: people.patchPersonBody,
    responses: { 200: ok('The person, and what took the change', people.personUpdated) },
    errors: [409],
  },
  'POST /providers': {
    summary: 'Register one of the ten staff (十员) or a volunteer team',
    tag: 'providers',
    security: 'bearer',
    body: providers.createProviderBody,
    responses: { 201: ok('The provider', providers.provider) },
    errors: [409, 422],
  },
  'GET /providers': {
    summary: 'Who serves a node (its own and every level above)',
    tag: 'providers',
    security: 'bearer',
    query: providers.providersQuery,
    responses: { 200: ok('The providers', providers.providerList) },
  },
  'GET /providers/{id}': {
    summary: 'Read a provider',
    tag: 'providers',
    security: 'bearer',
    responses: { 200: ok('The provider', providers.provider) },
  },
  'GET /statements/{month}': {
    summary: "A leader's monthly statements (default: mine)",
    tag: 'settlement',
    security: 'bearer',
    path: { month: settlements.month },
    query: settlements.statementsQuery,
    responses: { 200: ok('One statement per community the leader earned in', settlements.statements) },
  },
  'GET /leaderboards/{month}': {
    summary: "A community's ranks, or the district's top 100",
    tag: 'settlement',
    security: 'bearer',
    path: { month: settlements.month },
    query: settlements.leaderboardQuery,
    responses: { 200: ok('The leaderboard', settlements.leaderboard) },
  },
  'GET /settlements/{month}/summary.csv': {
    summary: "The district's summary of a settled month (CSV)",
    tag: 'settlement',
    security: 'bearer',
    path: { month: settlements.month },
    responses: {
      200: { description: 'One line per leader and community', contentType: 'text/csv; charset=utf-8' },
    },
  },
  'POST /settlements/{month}': {
    summary: 'Settle a month that has ended',
    tag: 'settlement',
    security: 'bearer',
    path: { month: settlements.month },
    responses: { 202: ok('The settlement, started', settlements.settlementStarted) },
    errors: [409],
  },
} satisfies Partial<Record<RouteKey, RouteContract>>;
