import { ValueObject } from '@keepem/shared/domain';
import { optionalText, requiredText, textSet } from './asset-text';

export const TITLE_MAX_LENGTH = 64;
export const DESCRIPTION_MAX_LENGTH = 2000;
export const TAG_MAX_LENGTH = 32;
export const MAX_TAGS = 20;
export const PERSON_MAX_LENGTH = 64;
export const MAX_PEOPLE = 50;
export const LOCATION_MAX_LENGTH = 200;
export const CREATED_DATE_MAX_LENGTH = 64;

export interface AssetDetailsProps {
  title: string;
  description: string | null;
  /** Lower-cased, so `Summer` and `summer` are one tag in filters and the tag cloud. */
  tags: string[];
  people: string[];
  location: string | null;
  /** When the memory is from, in the owner's words ("summer 1998"), not a date the service reads. */
  createdDate: string | null;
  extraPrivate: boolean;
  bookmarked: boolean;
}

/** What an owner says about an asset, as opposed to its file. Every field may be changed by an owner. */
export class AssetDetails extends ValueObject<AssetDetailsProps> {
  static parse(input: AssetDetailsProps): AssetDetails {
    return new AssetDetails({
      title: requiredText(input.title, { field: 'title', what: 'title', maxLength: TITLE_MAX_LENGTH }),
      description: optionalText(input.description, {
        field: 'description',
        what: 'description',
        maxLength: DESCRIPTION_MAX_LENGTH,
        multiline: true,
      }),
      tags: textSet(input.tags, {
        field: 'tags',
        what: 'tag',
        maxLength: TAG_MAX_LENGTH,
        maxItems: MAX_TAGS,
        normalize: (tag) => tag.toLowerCase(),
      }),
      people: textSet(input.people, { field: 'people', what: 'person', maxLength: PERSON_MAX_LENGTH, maxItems: MAX_PEOPLE }),
      location: optionalText(input.location, { field: 'location', what: 'location', maxLength: LOCATION_MAX_LENGTH }),
      createdDate: optionalText(input.createdDate, { field: 'createdDate', what: 'created date', maxLength: CREATED_DATE_MAX_LENGTH }),
      extraPrivate: input.extraPrivate,
      bookmarked: input.bookmarked,
    });
  }

  /** Details as they were stored, not checked again: a rule tightened later does not make stored assets unreadable. */
  static restore(props: AssetDetailsProps): AssetDetails {
    return new AssetDetails({ ...props, tags: [...props.tags], people: [...props.people] });
  }

  /** These details with the fields given changed, and the others as they were (a merge patch). */
  with(changes: Partial<AssetDetailsProps>): AssetDetails {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    return AssetDetails.parse({ ...this.props, ...defined });
  }

  /** The names of the fields whose value differs in `other`. */
  changedIn(other: AssetDetails): (keyof AssetDetailsProps)[] {
    return (Object.keys(this.props) as (keyof AssetDetailsProps)[]).filter(
      (field) => JSON.stringify(this.props[field]) !== JSON.stringify(other.props[field]),
    );
  }

  toProps(): AssetDetailsProps {
    return { ...this.props, tags: [...this.props.tags], people: [...this.props.people] };
  }

  get title(): string {
    return this.props.title;
  }
}
