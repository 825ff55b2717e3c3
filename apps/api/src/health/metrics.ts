/**
 * A small Prometheus registry: counters and gauges with labels, rendered in the text format.
 * Enough for this service's handful of series without another dependency.
 */
type Labels = Record<string, string>;

interface Series {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
  collect?: () => number | Promise<number>;
}

export class Metrics {
  private readonly series = new Map<string, Series>();

  counter(name: string, help: string): (labels?: Labels, by?: number) => void {
    const series = this.define(name, help, 'counter');
    return (labels = {}, by = 1) => {
      const key = JSON.stringify(labels);
      const entry = series.values.get(key) ?? { labels, value: 0 };
      entry.value += by;
      series.values.set(key, entry);
    };
  }

  /** A gauge read when scraped. */
  gauge(name: string, help: string, collect: () => number | Promise<number>): void {
    this.define(name, help, 'gauge').collect = collect;
  }

  async render(): Promise<string> {
    const lines: string[] = [];
    for (const [name, series] of this.series) {
      lines.push(`# HELP ${name} ${series.help}`, `# TYPE ${name} ${series.type}`);
      if (series.collect) {
        lines.push(`${name} ${await series.collect()}`);
        continue;
      }
      for (const { labels, value } of series.values.values()) {
        const text = Object.entries(labels)
          .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
          .join(',');
        lines.push(`${name}${text ? `{${text}}` : ''} ${value}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }

  private define(name: string, help: string, type: Series['type']): Series {
    const existing = this.series.get(name);
    if (existing) return existing;
    const series: Series = { help, type, values: new Map() };
    this.series.set(name, series);
    return series;
  }
}
