/** Metadata key under which a route records the scope its caller needs. */
export const REQUIRED_SCOPE = 'keepem:required-scope';
