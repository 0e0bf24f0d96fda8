/**
 * Where each route of the HTTP API answers: its method and path. The rest of each route (its schemas,
 * answers and summary) is in its area's file, which spreads this entry in; the table is apart so that
 * the SDK, which needs only the addresses at run time (its types come from src/wire/routes.ts, erased
 * from the build), does not carry every schema into the web bundle. Measured with `npm run build:web`
 * against main's 322,649 bytes (102,559 gzip): the SDK reading the whole route table added 21.7 KB
 * (7.1 KB gzip); reading this table and src/wire/url.ts adds 1.2 KB (0.4 KB gzip).
 */
export const PATHS = {
  home: { method: 'GET', path: '/' },
  webApp: { method: 'GET', path: '/*' },
  metrics: { method: 'GET', path: '/metrics' },
  openapi: { method: 'GET', path: '/v1/openapi.json' },
  evidence: { method: 'GET', path: '/v1/evidence' },
  pendingEvidence: { method: 'GET', path: '/v1/evidence/pending' },
  params: { method: 'GET', path: '/v1/params' },
  genesis: { method: 'GET', path: '/v1/genesis' },
  validators: { method: 'GET', path: '/v1/validators' },
  block: { method: 'GET', path: '/v1/blocks/:height' },
  blockEvidence: { method: 'GET', path: '/v1/blocks/:height/evidence' },
  events: { method: 'GET', path: '/v1/events' },
  status: { method: 'GET', path: '/v1/status' },
  submit: { method: 'POST', path: '/v1/txs' },
  tx: { method: 'GET', path: '/v1/txs/:id' },
  account: { method: 'GET', path: '/v1/accounts/:address' },
  accountTxs: { method: 'GET', path: '/v1/accounts/:address/txs' },
  asset: { method: 'GET', path: '/v1/assets/:symbol' },
  assets: { method: 'GET', path: '/v1/assets' },
  holders: { method: 'GET', path: '/v1/assets/:symbol/holders' },
  item: { method: 'GET', path: '/v1/items/:id' },
  itemHistory: { method: 'GET', path: '/v1/items/:id/history' },
  itemLineage: { method: 'GET', path: '/v1/items/:id/lineage' },
  accountItems: { method: 'GET', path: '/v1/accounts/:address/items' },
  registry: { method: 'GET', path: '/v1/registries/:name' },
  registryItems: { method: 'GET', path: '/v1/registries/:name/items' },
  itemReport: { method: 'GET', path: '/v1/items/:id/report' },
  contract: { method: 'GET', path: '/v1/contracts/:address' },
  accountContracts: { method: 'GET', path: '/v1/accounts/:address/contracts' },
  itemRental: { method: 'GET', path: '/v1/items/:id/rental' },
  // reputation (spec/reputation.md)
  accountReputation: { method: 'GET', path: '/v1/accounts/:address/reputation' },
  accountReviews: { method: 'GET', path: '/v1/accounts/:address/reviews' },
  accountReputationReport: { method: 'GET', path: '/v1/accounts/:address/reputation/report' },
  listing: { method: 'GET', path: '/v1/listings/:address' },
  listings: { method: 'GET', path: '/v1/listings' },
  order: { method: 'GET', path: '/v1/orders/:id' },
  accountOrders: { method: 'GET', path: '/v1/accounts/:address/orders' },
  arbiterDisputes: { method: 'GET', path: '/v1/arbiters/:address/disputes' },
  accountCredentials: { method: 'GET', path: '/v1/accounts/:address/credentials' },
  // organisations (spec/org.md)
  org: { method: 'GET', path: '/v1/orgs/:address' },
  orgMembers: { method: 'GET', path: '/v1/orgs/:address/members' },
  orgContributions: { method: 'GET', path: '/v1/orgs/:address/contributions' },
  orgContribution: { method: 'GET', path: '/v1/orgs/:address/contributions/:id' },
  orgMotions: { method: 'GET', path: '/v1/orgs/:address/motions' },
  orgMotion: { method: 'GET', path: '/v1/orgs/:address/motions/:id' },
  orgHolder: { method: 'GET', path: '/v1/orgs/:address/holders/:holder' },
  accountOrgs: { method: 'GET', path: '/v1/accounts/:address/orgs' },
  // work on demand (spec/work.md)
  jobs: { method: 'GET', path: '/v1/jobs' },
  accountJobs: { method: 'GET', path: '/v1/accounts/:address/jobs' },
} as const satisfies { [name: string]: { method: 'GET' | 'POST'; path: string } };

export type RoutePaths = typeof PATHS;
