import { Writable } from 'node:stream';

/** A log destination for a test app that keeps each JSON line it is given, parsed, in `lines`. */
export function collectingLogDestination<Line>(): { lines: Line[]; destination: Writable } {
  const lines: Line[] = [];
  const destination = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Line),
      );
      done();
    },
  });
  return { lines, destination };
}
