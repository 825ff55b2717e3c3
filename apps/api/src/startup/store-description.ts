import { describeKurrentDbAddress } from '@policy/event-store';
import { join } from 'node:path';
import { Config } from '../config/config';

/** Nest token of the store's name in health answers and start-up messages. */
export const STORE_DESCRIPTION = Symbol('STORE_DESCRIPTION');

/** The configured store in words, with its address and never its credentials. */
export const describeStore = (config: Config): string =>
  config.EVENT_STORE === 'kurrentdb'
    ? `KurrentDB at ${describeKurrentDbAddress(config.KURRENTDB_CONNECTION_STRING ?? '')}`
    : `SQLite at ${join(config.POLICY_DATA_DIR, 'events.sqlite')}`;
