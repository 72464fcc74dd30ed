/** Something with an identity that outlives changes to its attributes. */
export abstract class Entity<Id extends string = string> {
  protected constructor(readonly id: Id) {}

  equals(other: Entity<Id> | undefined): boolean {
    return other !== undefined && other.constructor === this.constructor && other.id === this.id;
  }
}
