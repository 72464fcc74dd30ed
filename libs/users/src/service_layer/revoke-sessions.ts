import type { SessionRepository } from './ports/session.repository.port';

/**
 * Ends every session of the user but `keep` (the caller's own, when they changed their password):
 * their refresh tokens stop working at once, their access tokens when they expire.
 */
export async function revokeSessionsOf(sessions: SessionRepository, userId: string, at: Date, keep?: string): Promise<void> {
  for (const session of await sessions.findActiveOfUser(userId)) {
    if (session.id !== keep) {
      session.revoke(at);
      sessions.save(session);
    }
  }
}
