/** A metric family as parse-prometheus-text-format reads it from the exposition text. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  readonly metrics: readonly {
    readonly labels?: Record<string, string>;
    readonly value?: string;
    readonly count?: string;
    readonly sum?: string;
    readonly buckets?: Record<string, string>;
  }[];
}

// The package ships no types; this is the one function it exports.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parse = require('parse-prometheus-text-format') as (text: string) => MetricFamily[];

/** Parses Prometheus text with a real parser (it throws on text a scraper would refuse), by family name. */
export const parsePrometheusText = (text: string): Map<string, MetricFamily> => new Map(parse(text).map((family) => [family.name, family]));
