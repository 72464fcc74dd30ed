import { ValueObject } from '@keepem/shared/domain';
import { requiredText } from './asset-text';
import { FileMismatchError, FileTooLargeError } from './asset.errors';
import { InvalidInputError } from '@keepem/shared/domain';

export const FILE_NAME_MAX_LENGTH = 255;

/** `type/subtype` (RFC 6838 characters), lower-cased; parameters such as `; charset=utf-8` are not part of it. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export interface DeclaredFileProps {
  name: string;
  /** The media type's essence, e.g. `image/jpeg`. */
  type: string;
  sizeBytes: number;
}

/** The file an asset is created for, as its owner declares it; the upload must send exactly this. */
export class DeclaredFile extends ValueObject<DeclaredFileProps> {
  static parse(input: DeclaredFileProps, maxSizeBytes: number): DeclaredFile {
    const name = requiredText(input.name, { field: 'fileName', what: 'file name', maxLength: FILE_NAME_MAX_LENGTH });
    if (/[/\\]/.test(name)) {
      throw new InvalidInputError('The file name holds a path', [{ field: 'fileName', message: 'file name must not contain / or \\' }]);
    }
    const type = DeclaredFile.essenceOf(input.type);
    if (!MEDIA_TYPE.test(type)) {
      throw new InvalidInputError('The file type is not a media type', [
        { field: 'fileType', message: 'file type must be a media type such as image/jpeg' },
      ]);
    }
    if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes < 0) {
      throw new InvalidInputError('The file size is not a number of bytes', [
        { field: 'fileSizeBytes', message: 'file size must be a whole number of bytes' },
      ]);
    }
    if (input.sizeBytes > maxSizeBytes) {
      throw new FileTooLargeError(maxSizeBytes);
    }
    return new DeclaredFile({ name, type, sizeBytes: input.sizeBytes });
  }

  static restore(props: DeclaredFileProps): DeclaredFile {
    return new DeclaredFile(props);
  }

  /** `Image/JPEG; charset=x` → `image/jpeg`. */
  static essenceOf(mediaType: string): string {
    return mediaType.split(';')[0].trim().toLowerCase();
  }

  get name(): string {
    return this.props.name;
  }
  get type(): string {
    return this.props.type;
  }
  get sizeBytes(): number {
    return this.props.sizeBytes;
  }
  /** `image` of `image/jpeg`: what the owner's stats group by. */
  get majorType(): string {
    return DeclaredFile.majorTypeOf(this.props.type);
  }

  /** `image` of `image/jpeg`. */
  static majorTypeOf(mediaType: string): string {
    return mediaType.split('/')[0];
  }

  /** Refuses an upload whose name or type is not the declared one. */
  assertSentAs(name: string | undefined, mediaType: string | undefined): void {
    if (name !== this.props.name) {
      throw new FileMismatchError(
        'fileName',
        `the file is named ${JSON.stringify(name ?? '')}, but ${JSON.stringify(this.props.name)} was declared`,
      );
    }
    const type = DeclaredFile.essenceOf(mediaType ?? '');
    if (type !== this.props.type) {
      throw new FileMismatchError(
        'fileType',
        `the file's type is ${JSON.stringify(type)}, but ${JSON.stringify(this.props.type)} was declared`,
      );
    }
  }

  /** Refuses an upload as soon as it has sent more bytes than declared, without waiting for its end. */
  assertMayReceive(receivedBytes: number): void {
    if (receivedBytes > this.props.sizeBytes) {
      throw new FileMismatchError('fileSizeBytes', `more than the ${this.props.sizeBytes} bytes declared were sent`);
    }
  }

  /** Refuses an upload that ended with another number of bytes than declared. */
  assertSizeIs(receivedBytes: number): void {
    if (receivedBytes !== this.props.sizeBytes) {
      throw new FileMismatchError('fileSizeBytes', `${receivedBytes} bytes were sent, but ${this.props.sizeBytes} were declared`);
    }
  }

  toProps(): DeclaredFileProps {
    return { ...this.props };
  }
}
