import { Construct } from 'constructs';
import type { ApiConstructProps } from './http-api.js';
import { lifecycleStateMachineArn } from './request-workflow.js';
import { SanzhangFunction } from './sanzhang-function.js';

/**
 * The hierarchy as a managed resource: nodes and their posts, households, people, the providers
 * requests are dispatched to, and regridding. Changing a post or moving a node or a building
 * re-routes open requests: that commits request transitions, texts the new leaders and completes
 * the waiting tasks.
 */
export class HierarchyApi extends Construct {
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    const lifecycle = lifecycleStateMachineArn(this, config.district.id);
    const manageNodes = new SanzhangFunction(this, 'ManageNodes', {
      entry: 'functions/api/nodes.ts',
      description: '/nodes: create, read, rename, delete, list children, move; appoint and remove leaders',
      config,
      parts: ['workflow'],
    })
      .bindTable(table, 'RW')
      .allowTaskCallbacks(lifecycle);
    const manageHouseholds = new SanzhangFunction(this, 'ManageHouseholds', {
      entry: 'functions/api/households.ts',
      description: '/households: household records (members, tags, service needs)',
      config,
    }).bindTable(table, 'RW');
    const managePeople = new SanzhangFunction(this, 'ManagePeople', {
      entry: 'functions/api/people.ts',
      description: '/people: the roster; a changed phone follows to posts and held requests',
      config,
    }).bindTable(table, 'RW');
    const manageProviders = new SanzhangFunction(this, 'ManageProviders', {
      entry: 'functions/api/providers.ts',
      description: '/providers: the ten staff and volunteer teams requests are dispatched to',
      config,
    }).bindTable(table, 'RW');
    const regrid = new SanzhangFunction(this, 'Regrid', {
      entry: 'functions/api/regrid.ts',
      description: 'POST /regrid: move buildings to another grid and re-route their open requests',
      config,
      parts: ['workflow'],
    })
      .bindTable(table, 'RW')
      .allowTaskCallbacks(lifecycle);
    // Reads the caller's grants only: the profile itself is the bundled config.
    const districtProfile = new SanzhangFunction(this, 'DistrictProfile', {
      entry: 'functions/api/district.ts',
      description: 'GET /district: the names, categories, levels and tags the pages label with',
      config,
    }).bindTable(table, 'RO');

    httpApi.route('nodes', manageNodes.fn);
    httpApi.route('households', manageHouseholds.fn);
    httpApi.route('people', managePeople.fn);
    httpApi.route('providers', manageProviders.fn);
    httpApi.route('regrid', regrid.fn);
    httpApi.route('district', districtProfile.fn);
    this.functions = {
      manageNodes,
      manageHouseholds,
      managePeople,
      manageProviders,
      regrid,
      districtProfile,
    };
  }
}
