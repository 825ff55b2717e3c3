import { describeStatusChangeRoute } from '../../testing/status-change-route.spec-builder';

describeStatusChangeRoute({ action: 'rescind', status: 'rescinded', event: 'RuleRescinded' });
