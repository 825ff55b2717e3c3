/**
 * The methods each route path answers, recorded as Fastify registers routes, so a request for a
 * known path with another method is told 405 and what is allowed, not 404.
 */
export class AllowedMethods {
  private readonly routes: { pattern: RegExp; methods: Set<string> }[] = [];
  private readonly byUrl = new Map<string, Set<string>>();

  /** For Fastify's `onRoute` hook: a route's method(s) and its URL pattern (`/rules/:id`, `/docs/*`). */
  add(method: string | string[], url: string): void {
    let methods = this.byUrl.get(url);
    if (!methods) {
      methods = new Set();
      this.byUrl.set(url, methods);
      this.routes.push({ pattern: patternOf(url), methods });
    }
    for (const one of Array.isArray(method) ? method : [method]) methods.add(one.toUpperCase());
  }

  /** The methods some route answers at `url` (its query ignored), sorted; none for an unknown path. */
  of(url: string): string[] {
    const path = url.split('?', 1)[0];
    const found = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) for (const method of route.methods) found.add(method);
    return [...found].sort();
  }
}

const patternOf = (url: string): RegExp => {
  const source = url
    .split('/')
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
};
