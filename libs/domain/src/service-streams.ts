import { CATALOGUE_STREAM } from './catalogue/catalogue-events';
import { RULE_STREAM_PREFIX } from './envelope';
import { EVALUATION_STREAM_PREFIX } from './screening/evaluation-id';

/**
 * The streams this service writes, as name prefixes: rules (`policy-rule-<id>`), the product
 * catalogue (`policy-catalogue`) and recorded evaluations (`policy-evaluation-<id>`). Together
 * they are the global feed: the rule projector and the relay take the rule streams from it, the
 * screening view the other two.
 */
export const SERVICE_STREAM_PREFIXES: readonly string[] = [RULE_STREAM_PREFIX, CATALOGUE_STREAM, EVALUATION_STREAM_PREFIX];
