import { describeStatusChangeRoute } from '../../testing/status-change-route.spec-builder';

describeStatusChangeRoute({ action: 'pause', status: 'paused', event: 'RulePaused' });
