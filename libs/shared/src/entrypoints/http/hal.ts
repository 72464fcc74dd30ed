export interface HalLink {
  href: string;
}

export type HalResource<Body extends object> = Body & { _links: { self: HalLink } & Record<string, HalLink> };

/** Wraps a query result as HAL (ARCHITECTURE.md): every resource links to itself. */
export function halResource<Body extends object>(body: Body, self: string, links: Record<string, string> = {}): HalResource<Body> {
  const halLinks: Record<string, HalLink> = { self: { href: self } };
  for (const name in links) {
    halLinks[name] = { href: links[name] };
  }
  return { ...body, _links: halLinks } as HalResource<Body>;
}
