import { DISTRICT_SCOPE, type Access } from '../shared/domain/access.js';
import type { Person } from '../shared/domain/hierarchy.js';
import { createPartner, issuePartnerApiKey } from '../shared/services/intake/manage-partners.js';
import type { Dependencies } from '../shared/runtime/dependencies.js';
import { putHierarchy } from '../shared/store/hierarchy-store.js';

/** The district's administrator in the demo: manages intake partners (and anything else district-wide). */
export const DEMO_ADMIN: Person = {
  id: 'p-admin',
  name: '区管理员',
  phone: '+8610000000101',
  grants: [{ role: 'district_admin', scope: DISTRICT_SCOPE }],
};

export const DEMO_PARTNERS = {
  /** 银融社区's property company: signs its deliveries (our scheme). */
  signed: 'pt-yinrong-wuye',
  /** 银融社区's stairwell QR codes on 草料二维码: the token in the URL is the proof. */
  qrCodes: 'pt-yinrong-caoliao',
  /** A civic app on Open311, across the district; what it cannot place goes to 银融社区. */
  civicApp: 'pt-civic-app',
} as const;

export interface DemoIntake {
  signedSecret: string;
  qrToken: string;
  apiKey: string;
}

/** The demo's admin and three partners, with their secrets (printed by `npm start`, never stored in clear elsewhere). */
export async function seedDemoIntake(deps: Dependencies): Promise<DemoIntake> {
  await putHierarchy(deps.table, { nodes: [], households: [], persons: [DEMO_ADMIN] });
  const admin: Access = { personId: DEMO_ADMIN.id, grants: DEMO_ADMIN.grants ?? [] };
  const signed = await createPartner(deps, admin, {
    id: DEMO_PARTNERS.signed,
    name: '银融物业报修系统',
    format: 'sanzhang',
    scope: 'cm-yinrong',
    defaultCategory: 'repair',
    mapping: {},
  });
  const qrCodes = await createPartner(deps, admin, {
    id: DEMO_PARTNERS.qrCodes,
    name: '银融社区楼道二维码(草料)',
    format: 'cli-im',
    scope: 'cm-yinrong',
    defaultCategory: 'repair',
    mapping: {
      category: '问题类型',
      categoryValues: { 维修: 'repair', 下水堵塞: 'drainage', 环境卫生: 'environment', 安全隐患: 'safety' },
      description: ['问题描述', '补充说明'],
      name: '姓名',
      phone: '手机',
      building: '楼栋',
      unit: '单元',
      room: '房号',
      photos: '现场照片',
    },
  });
  await createPartner(deps, admin, {
    id: DEMO_PARTNERS.civicApp,
    name: '城市随手拍',
    format: 'open311',
    scope: DISTRICT_SCOPE,
    triageCommunityId: 'cm-yinrong',
    defaultCategory: 'repair',
    mapping: {},
  });
  const keyed = await issuePartnerApiKey(deps, admin, DEMO_PARTNERS.civicApp);
  return { signedSecret: signed.secret.value, qrToken: qrCodes.secret.value, apiKey: keyed.apiKey.value };
}
