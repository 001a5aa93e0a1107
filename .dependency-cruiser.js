/**
 * The import graph's rules, checked by `npm run lint:layers` (part of `npm test`). The product is
 * sliced by layer, bottom to top; a layer imports only the layers below it, so the graph has no
 * upward arrows (docs/architecture.md, "Layers"). Tests may import anything.
 */

/** The product's layers, bottom to top; layers of the same rank do not import each other. */
const layers = [
  {
    rank: 0,
    name: 'base',
    path: '^shared/(errors|zod|logger)[.]ts$',
    holds: 'the errors, the one zod (mini) and the logger that every layer uses',
  },
  {
    rank: 1,
    name: 'config',
    path: '^shared/config/',
    holds: "the district config's schema and the vocabulary (levels, priorities, standard tags)",
  },
  {
    rank: 2,
    name: 'domain',
    path: '^shared/domain/',
    holds: 'the pure rules and entity types, which everything above decides with',
  },
  {
    rank: 3,
    name: 'store',
    path: '^shared/store/',
    holds: 'the DynamoDB data access (keys.ts is the one key scheme); it stores what the domain decided',
  },
  {
    rank: 3,
    name: 'adapters',
    path: '^shared/adapters/',
    holds: 'the ports to the world outside the table (SMS, the workflow engine) and their AWS adapters',
  },
  {
    rank: 3,
    name: 'http',
    path: '^shared/http/',
    holds: 'the protocol helpers: problem+json, parsing, schemas, parameters, the caller, the routes',
  },
  {
    rank: 4,
    name: 'runtime',
    path: '^shared/runtime/',
    holds: 'the composition root (dependencies.ts), the handler kinds and caller access',
  },
  {
    rank: 5,
    name: 'services',
    path: '^shared/services/',
    holds: 'the use cases, one folder per feature',
  },
  {
    rank: 6,
    name: 'functions',
    path: '^functions/',
    holds: 'the thin Lambda handlers: parse, call a service, answer',
  },
  {
    rank: 7,
    name: 'infra',
    path: '^infra/',
    holds: 'the CDK constructs of a district stack',
  },
];

/**
 * The service features, bottom to top: a feature imports only features of a lower rank.
 * hierarchy → lifecycle (a move or a new post re-routes open requests); lifecycle → intake (the
 * reconciler finishes stored deliveries); open311 → intake (a GeoReport request is a delivery);
 * settlement → points (statements read the accounts); lifecycle → photos (a request's photos are
 * checked and linked); sign-in uses only the store.
 */
const features = [
  ['import', 'intake', 'photos', 'points', 'sign-in'],
  ['lifecycle', 'open311', 'settlement'],
  ['hierarchy'],
];

const anyOf = (paths) => paths.join('|');

const layerRules = layers.flatMap((layer) => {
  const below = layers.filter((other) => other.rank < layer.rank);
  const notBelow = layers.filter((other) => other.rank >= layer.rank && other !== layer);
  if (notBelow.length === 0) return [];
  return {
    name: `layer-${layer.name}`,
    severity: 'error',
    comment:
      `${layer.name} holds ${layer.holds}. It imports only ` +
      (below.length > 0 ? below.map((other) => other.name).join(', ') : 'packages') +
      '; what it needs from a layer above belongs in that layer, or is passed in.',
    from: { path: layer.path },
    to: { path: anyOf(notBelow.map((other) => other.path)) },
  };
});

const featureRules = features.flatMap((rank, level) =>
  rank.map((feature) => {
    const notBelow = features
      .slice(level)
      .flat()
      .filter((other) => other !== feature);
    return {
      name: `feature-${feature}`,
      severity: 'error',
      comment:
        `shared/services/${feature}/ imports only the features below it ` +
        `(${features.slice(0, level).flat().join(', ') || 'none'}): features call each other downward, ` +
        'never in a circle; hierarchy → lifecycle → intake, open311 → intake, settlement → points.',
      from: { path: `^shared/services/${feature}/` },
      to: { path: `^shared/services/(${notBelow.join('|')})/` },
    };
  }),
);

export default {
  forbidden: [
    ...layerRules,
    ...featureRules,
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module cycle makes load order matter and hides which module is the lower one; break it.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'Folders import each other in one direction only; a folder cycle is a missing layer.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-and-config-use-no-packages',
      severity: 'error',
      comment:
        'The domain and the config are pure rules and data: no AWS SDK, no CDK, no package at all ' +
        '(zod comes through shared/zod.ts); talking to AWS is the store, the adapters and the runtime.',
      from: { path: '^shared/(domain|config)/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'domain-and-config-do-no-io',
      severity: 'error',
      comment:
        'The domain and the config decide, they do no I/O: of node, only crypto (ids, hashes); files, ' +
        'network and timers belong to the layers above.',
      from: { path: '^shared/(domain|config)/' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'product-uses-no-dev-dependencies',
      severity: 'error',
      comment:
        'shared/ and functions/ run in Lambda: what they import at run time must be a dependency, ' +
        'not a devDependency (types only are fine: they are erased).',
      from: { path: '^(shared|functions)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'product-does-not-import-tools',
      severity: 'error',
      comment:
        'local/ (the local runtime) and demo/ (the demo district) are tools on top of the product; ' +
        'nothing that is deployed imports them.',
      from: { path: '^(shared|functions|infra)/' },
      to: { path: '^(local|demo)/' },
    },
    {
      name: 'web-imports-only-web',
      severity: 'error',
      comment:
        'web/ runs in a browser and speaks to the server only through the API: its one tie to the ' +
        'server code is the generated contract (web/src/api/schema.d.ts), never an import of it.',
      from: { path: '^web/' },
      to: { path: '^(bin|infra|functions|shared|local|demo|test)/' },
    },
    {
      name: 'product-does-not-import-web',
      severity: 'error',
      comment: 'The pages are built and shipped as static files; no server code imports them.',
      from: { path: '^(shared|functions|infra)/' },
      to: { path: '^web/' },
    },
    {
      name: 'echarts-only-in-the-charts-chunk',
      severity: 'error',
      comment:
        "ECharts stays out of the console's first load: only web/src/console/echarts.ts imports it " +
        '(and that module is loaded by import(), below); elsewhere its types only.',
      from: { pathNot: '^web/src/console/echarts[.]ts$' },
      to: { path: '^node_modules/echarts/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'echarts-module-loaded-lazily',
      severity: 'error',
      comment: 'The module that registers ECharts is loaded with import() by the view that charts.',
      from: {},
      to: { path: '^web/src/console/echarts[.]ts$', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'demo-does-not-import-local',
      severity: 'error',
      comment:
        'demo/ is data the local runtime loads (and tests use); it does not depend on the local runtime.',
      from: { path: '^demo/' },
      to: { path: '^local/' },
    },
    {
      name: 'only-bin-imports-bin',
      severity: 'error',
      comment: 'bin/ holds the entry points, the top of the graph: nothing below imports them.',
      from: { pathNot: '^(bin|test)/' },
      to: { path: '^bin/' },
    },
    {
      name: 'only-bin-and-tests-import-tests',
      severity: 'error',
      comment:
        'test/ is imported by tests and by entry points that run a suite (npm run fuzz), never by the product.',
      from: { pathNot: '^(bin|test)/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import the rules cannot resolve is an import they cannot check.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The pages' build output (npm run web:build) is bundled code, not the source the rules are about.
    exclude: { path: '^web/dist/' },
    // Type-only imports are arrows too: an upward type import is an upward dependency.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
