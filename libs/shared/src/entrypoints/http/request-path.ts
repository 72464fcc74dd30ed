/** The path alone: a query may carry a secret (an activation token), which no answer or log repeats. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
