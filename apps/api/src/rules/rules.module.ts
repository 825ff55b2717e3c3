import { Module } from '@nestjs/common';
import { AmendRuleController } from './amend-rule/amend-rule.controller';
import { AmendRuleHandler } from './amend-rule/amend-rule.handler';
import { ApproveRuleController } from './approve-rule/approve-rule.controller';
import { ApproveRuleHandler } from './approve-rule/approve-rule.handler';
import { GetRuleController } from './get-rule/get-rule.controller';
import { GetRuleHandler } from './get-rule/get-rule.handler';
import { GetRuleHistoryController } from './get-rule-history/get-rule-history.controller';
import { GetRuleHistoryHandler } from './get-rule-history/get-rule-history.handler';
import { ListChangesController } from './list-changes/list-changes.controller';
import { ListChangesHandler } from './list-changes/list-changes.handler';
import { ListRulesController } from './list-rules/list-rules.controller';
import { ListRulesHandler } from './list-rules/list-rules.handler';
import { PauseRuleController } from './pause-rule/pause-rule.controller';
import { PauseRuleHandler } from './pause-rule/pause-rule.handler';
import { ProposeRuleController } from './propose-rule/propose-rule.controller';
import { ProposeRuleHandler } from './propose-rule/propose-rule.handler';
import { RescindRuleController } from './rescind-rule/rescind-rule.controller';
import { RescindRuleHandler } from './rescind-rule/rescind-rule.handler';
import { RuleCommandService } from './rule-command.service';
import { RuleStateCache } from './rule-state-cache';

/** Every use case on rules: its route and its handler, one folder each; writes share one path. */
@Module({
  controllers: [
    ProposeRuleController,
    PauseRuleController,
    ApproveRuleController,
    RescindRuleController,
    AmendRuleController,
    ListRulesController,
    GetRuleController,
    GetRuleHistoryController,
    ListChangesController,
  ],
  providers: [
    RuleCommandService,
    { provide: RuleStateCache, useFactory: () => new RuleStateCache() },
    ProposeRuleHandler,
    PauseRuleHandler,
    ApproveRuleHandler,
    RescindRuleHandler,
    AmendRuleHandler,
    GetRuleHandler,
    ListRulesHandler,
    GetRuleHistoryHandler,
    ListChangesHandler,
  ],
})
export class RulesModule {}
