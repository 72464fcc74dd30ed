/** When a release may be triggered: a time that must have passed, a place the receiver must name, or at once. */
export type ReleaseCondition = { kind: 'time'; at: Date } | { kind: 'location'; answer: string } | { kind: 'immediate' };

export type ReleaseConditionKind = ReleaseCondition['kind'];

/** A place as it is compared: lower-cased, without spaces, so "Sagrada Família" matches "sagrada família". */
export function normalizedPlace(place: string): string {
  return place.toLowerCase().replace(/\s+/gu, '');
}

/** Whether `condition` holds at `now` for a receiver who guessed `place` (if any). */
export function conditionHolds(condition: ReleaseCondition, now: Date, place: string | null): boolean {
  switch (condition.kind) {
    case 'time':
      return condition.at.getTime() <= now.getTime();
    case 'location':
      return place !== null && normalizedPlace(place) === condition.answer;
    case 'immediate':
      return true;
  }
}
