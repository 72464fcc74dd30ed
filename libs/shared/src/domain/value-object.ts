/** Immutable, compared by value. Subclasses validate in their factory and freeze their props. */
export abstract class ValueObject<Props extends object> {
  protected readonly props: Readonly<Props>;

  protected constructor(props: Props) {
    this.props = Object.freeze({ ...props });
  }

  equals(other: ValueObject<Props> | undefined): boolean {
    return other !== undefined && other.constructor === this.constructor && JSON.stringify(other.props) === JSON.stringify(this.props);
  }
}
