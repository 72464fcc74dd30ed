/**
 * Lets concurrent work proceed only once `parties` of them got this far: two units of work that
 * both read before either commits, the interleaving a race needs and that requests sent at once
 * over HTTP rarely produce. Once released, it lets everyone through at once (a rerun included).
 */
export function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => undefined;
  const everyone = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === parties) {
      release();
    }
    return everyone;
  };
}
