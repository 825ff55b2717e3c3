import { describeStatusChangeRoute } from '../../testing/status-change-route.spec-builder';

describeStatusChangeRoute({ action: 'approve', status: 'approved', event: 'RuleApproved' });
