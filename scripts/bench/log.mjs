/** The benchmark's progress lines, marked so they stand apart from the servers' own output. */
export function log(message) {
  console.log(`[bench] ${message}`);
}
