import { ConflictError } from '../../domain/domain-error';

/** A unique index refused a write: someone else holds the same value. */
export class UniqueConstraintError extends ConflictError {
  constructor(
    readonly collection: string,
    readonly fields: string[],
  ) {
    super(`A ${collection} record with the same ${fields.join(', ')} already exists`);
  }
}
