export type SortDirection = 'asc' | 'desc';

/** Which page of a list, and in what order; `number` counts from 0. */
export interface PageRequest<Field extends string> {
  number: number;
  size: number;
  sort: { field: Field; direction: SortDirection };
}

/** One page of a list and the length of the whole list. */
export interface Page<Item> {
  items: Item[];
  totalElements: number;
}
