/** Orders text by code units, as MongoDB sorts strings, not by locale (`localeCompare` would differ). */
export function byText(one: string, other: string): number {
  return one < other ? -1 : one > other ? 1 : 0;
}
