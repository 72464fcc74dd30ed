/** What a context's persistence adapters build on: the document repository base, its registry and the stored shapes. */
export * from './document-repository';
export * from './document-transaction';
export * from './repository-registry';
export * from './stored-document';
export * from './unique-constraint.error';
