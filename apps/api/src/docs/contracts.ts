import { sessionContracts } from '../auth/session/session.contract';
import { catalogueContracts } from '../catalogue/catalogue.contract';
import { consoleContracts } from '../console/console.contract';
import { eventsContracts } from '../events/events.contract';
import { healthContracts } from '../health/health.contract';
import { ledgerContracts } from '../ledger/ledger.contract';
import { schemasContracts } from '../messaging/schemas.contract';
import { rulesContracts } from '../rules/rules.contract';
import { screeningContracts } from '../screening/screening.contract';
import { RouteContract } from './contract';
import { docsContracts } from './docs.contract';

/**
 * Every route the service serves, by feature. A new route adds its contract to its feature's
 * `*.contract.ts` (or a new one listed here); the contract spec fails for a served route that
 * is not listed, and for a listed one that answers outside its contract.
 */
export const ROUTE_CONTRACTS: readonly RouteContract[] = [
  ...rulesContracts,
  ...screeningContracts,
  ...catalogueContracts,
  ...eventsContracts,
  ...sessionContracts,
  ...healthContracts,
  ...ledgerContracts,
  ...schemasContracts,
  ...docsContracts,
  ...consoleContracts,
];
