export interface HalLink {
  href: string;
}

export type HalResource<Body extends object> = Body & { _links: { self: HalLink } & Record<string, HalLink> };

/** Wraps a query result as HAL (ARCHITECTURE.md): every resource links to itself. */
export function halResource<Body extends object>(body: Body, self: string, links: Record<string, string> = {}): HalResource<Body> {
  const extra = Object.fromEntries(Object.entries(links).map(([name, href]) => [name, { href }]));
  return { ...body, _links: { self: { href: self }, ...extra } };
}
