export const PERSISTENCE_HEALTH = Symbol('PERSISTENCE_HEALTH');

/** Readiness of the database driver, for `/health/ready`. */
export interface PersistenceHealth {
  /** Answers false rather than rejecting, so a readiness probe never turns into a 500. */
  isHealthy(): Promise<boolean>;
}
