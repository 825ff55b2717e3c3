/**
 * Vendors, products, families and parties are compared case-insensitively: an order system
 * writing `nvidia h200` means the same chip as a rule naming `NVIDIA H200`. Lowercasing is
 * locale-independent, so the same two names compare the same way on every server.
 */
export const foldName = (name: string): string => name.toLowerCase();

export const sameName = (a: string, b: string): boolean => a === b || foldName(a) === foldName(b);

/** One key per vendor+product, whatever the case; JSON keeps the two parts unambiguous. */
export const productKey = (vendor: string, product: string): string => JSON.stringify([foldName(vendor), foldName(product)]);
