/**
 * Prints why a suite, or a leg of it, is skipped. Straight to stderr rather than through
 * `console`: Jest shows nothing of what a test file wrote to its console once every test in it is
 * skipped, so a fully skipped suite would otherwise pass by in silence.
 */
export function printSkipLine(line: string): void {
  process.stderr.write(`${line}\n`);
}
