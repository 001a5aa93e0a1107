import type { RouteKey } from './route-contract.js';

/** A route's example body and answers (the Lüyuan demo district's data); a test parses each with its schema. */
export interface RouteExamples {
  body?: unknown;
  responses?: Partial<Record<number, unknown>>;
}

const AT = '2026-11-23T02:30:00.000Z';

export const ROUTE_EXAMPLES: Partial<Record<RouteKey, RouteExamples>> = {
  'POST /requests': {
    body: {
      householdId: 'hh-yinrong-1-3-2-502',
      category: 'repair',
      description: '厨房水管漏水,地面已经积水,请尽快派人查看。',
      priority: 'high',
    },
  },
  'POST /requests/{id}/{action}': { body: { note: '已联系物业更换水管接头,漏水已止住。' } },
  'POST /auth/codes': {
    body: { phone: '+8613800138000' },
    responses: {
      202: {
        message: 'If this phone number is registered with the district, a sign-in code has been sent to it.',
        expiresInSeconds: 300,
      },
    },
  },
  'POST /auth/tokens': {
    body: { phone: '+8613800138000', code: '428613' },
    responses: {
      200: {
        tokenType: 'Bearer',
        accessToken: 'eyJhbGciOiJSUzI1NiIsImtpZCI6Imx2eXVhbiJ9.eyJzdWIiOiJwLTAwMDEifQ.c2lnbmF0dXJl',
        expiresIn: 1800,
        refreshToken: 'k3Jq9vX2mR8tY5wZ1nB6cD4fG7hL0pQs_AeUiOoKx-E',
        refreshExpiresIn: 2592000,
        personId: 'p-0001',
      },
    },
  },
  'GET /accounts/me': {
    responses: {
      200: {
        personId: 'p-0001',
        account: 'leader:p-0001',
        balance: 35,
        items: [
          {
            account: 'leader:p-0001',
            transferId: 'close:R-20261123-0001:p-0001',
            counterparty: 'district:issuing',
            amount: 5,
            at: AT,
            memo: { reasons: ['resolved-within-sla'], requestId: 'R-20261123-0001', community: 'cm-yinrong' },
            month: '2026-11',
          },
        ],
        grants: [{ role: 'unit_leader', scope: 'u-yinrong-3-2' }],
      },
    },
  },
  'GET /rewards': {
    responses: {
      200: {
        scope: 'cm-yinrong',
        items: [
          {
            id: 'rw-rice-5kg',
            name: '东北大米 5 公斤',
            pricePoints: 30,
            stock: 20,
            scope: 'cm-yinrong',
            status: 'active',
            createdAt: AT,
            updatedAt: AT,
          },
        ],
      },
    },
  },
};
