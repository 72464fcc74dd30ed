import type { DocumentReader, ProjectedDocument } from '@keepem/shared/service_layer';

/**
 * A reader holding stored documents as a database would hand them out, fields as they were
 * written (an older document may lack one), for views read by id. Paging through them is not what
 * such a view does, so those calls fail.
 */
export function storedDocumentsReader(...documents: Record<string, unknown>[]): DocumentReader {
  const unused = () => Promise.reject(new Error('this view reads documents by id only'));
  return {
    findPage: unused,
    count: unused,
    findById: <Field extends string>(_: string, id: string, fields: readonly Field[]) => {
      const document = documents.find((candidate) => candidate._id === id);
      if (!document) return Promise.resolve(null);
      const projected: Record<string, unknown> = { _id: id };
      for (const field of fields) if (field in document) projected[field] = document[field];
      return Promise.resolve(projected as ProjectedDocument<Field>);
    },
  };
}
