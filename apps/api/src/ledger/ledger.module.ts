import { DynamicModule, Logger, Module } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Config } from '../config/config';
import { CheckpointPublisher } from './checkpoint-publisher.service';
import { LedgerProofs } from './ledger-proofs.service';
import { LEDGER_FILE, LedgerTreeStore } from './ledger-tree.store';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';
import { ReceiptInterceptor } from './receipt.interceptor';
import { loadSigningKey } from './signing-key';

/** The tamper-evident log: the tree projection, its signer, its routes and the receipts on answers. */
@Module({})
export class LedgerModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: LedgerModule,
      global: true,
      controllers: [LedgerController],
      providers: [
        {
          provide: LedgerService,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => {
            const key = loadSigningKey(config.POLICY_DATA_DIR, config.POLICY_LEDGER_ORIGIN, config.POLICY_LEDGER_SIGNING_KEY);
            const tree = openTree(join(config.POLICY_DATA_DIR, LEDGER_FILE));
            // Started by the start-up sequence once the store answers (startup.service.ts), so the
            // service listens at once even when the store is out of reach.
            return new LedgerService(store, tree, key, config.POLICY_LEDGER_ORIGIN, new Logger('Ledger'));
          },
        },
        LedgerProofs,
        ReceiptInterceptor,
        {
          provide: CheckpointPublisher,
          inject: [LedgerService],
          useFactory: (ledger: LedgerService) => new CheckpointPublisher(ledger, config),
        },
      ],
      exports: [LedgerService, ReceiptInterceptor],
    };
  }
}

/** A tree file of another version is removed and built again from the log. */
const openTree = (file: string): LedgerTreeStore => {
  const tree = new LedgerTreeStore(file);
  const problem = tree.unusable();
  if (problem === undefined) return tree;
  new Logger('Ledger').log(`${problem}: building it again from the log`);
  tree.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  return new LedgerTreeStore(file);
};
