import { ConflictError } from '../../domain/domain-error';

/** A unique index refused a write: someone else holds the same value. */
export class UniqueConstraintError extends ConflictError {
  constructor(
    readonly collection: string,
    /** The index's name (uniqueIndexName), which both drivers can report. */
    readonly index: string,
  ) {
    super(`A ${collection} record with the same values already exists (unique index ${index})`);
  }
}
