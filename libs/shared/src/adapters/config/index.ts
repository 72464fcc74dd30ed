/** What a context validates its own settings with: a base class for its variables and the checks around it. */
export * from './validate-environment';
