import { AggregateMetadata, AggregateRoot, Id, InvalidInputError } from '@keepem/shared/domain';
import { AssetDetails, AssetDetailsProps } from './asset-details.value-object';
import { isVisibleTo } from './asset-states';
import { SharedAssetNotReleasableError } from './asset-release.errors';
import { AssetHiddenError, AssetNotFoundError, AssetNotPendingError, UploadClaimLostError, UploadInProgressError } from './asset.errors';
import { AssetCreated, AssetFileUploaded, AssetOwnershipChanged, AssetRemoved, AssetUpdated } from './asset.events';
import { DeclaredFile } from './declared-file.value-object';
import type { BequestType } from './release-kinds';
import type { WrappedDataKey } from './wrapped-data-key';

export type AssetId = Id<'Asset'>;
export type OwnerId = Id<'User'>;

/** How the asset's file is encrypted: the format of the stored bytes and the file's own data key. */
export interface FileEncryption {
  format: string;
  dataKey: WrappedDataKey;
}

/** One upload's hold on a pending asset, so that two uploads never write its file at once. */
export interface UploadClaim {
  uploadId: string;
  by: OwnerId;
  /** A claim not renewed by then has lapsed (its upload died), and another upload may take over. */
  until: Date;
}

export interface AssetProps {
  owners: OwnerId[];
  details: AssetDetails;
  file: DeclaredFile;
  /** Null once the asset is removed: destroying the data key makes the stored bytes unreadable for good. */
  encryption: FileEncryption | null;
  uploadClaim: UploadClaim | null;
}

export interface NewAsset {
  id: AssetId;
  createdBy: OwnerId;
  /** Empty means the creator alone. */
  owners: OwnerId[];
  details: AssetDetails;
  file: DeclaredFile;
  encryption: FileEncryption;
}

/**
 * An emotional asset (a photo, a letter, a video) and its encrypted file. Created `pending` with a
 * data key of its own, it becomes `active` once its file is stored, and `hidden` while a scheduled
 * release holds it. Only its owners may see it, and to anyone else it does not exist.
 */
export class Asset extends AggregateRoot<AssetId> {
  private constructor(
    id: AssetId,
    metadata: AggregateMetadata,
    private props: AssetProps,
  ) {
    super(id, metadata);
  }

  static create(asset: NewAsset, at: Date): Asset {
    const owners = [...new Set(asset.owners.length > 0 ? asset.owners : [asset.createdBy])];
    if (!owners.includes(asset.createdBy)) {
      throw new InvalidInputError('You must be one of the owners of an asset you create', [
        { field: 'owners', message: 'must include you (leave it empty to be the only owner)' },
      ]);
    }
    const created = new Asset(
      asset.id,
      { createdAt: at, modifiedAt: at, version: 0, state: 'pending' },
      { owners, details: asset.details, file: asset.file, encryption: asset.encryption, uploadClaim: null },
    );
    created.record(
      new AssetCreated(
        {
          assetId: asset.id,
          owners,
          createdBy: asset.createdBy,
          title: asset.details.title,
          fileName: asset.file.name,
          fileType: asset.file.type,
          fileSizeBytes: asset.file.sizeBytes,
        },
        at,
      ),
    );
    return created;
  }

  static restore(id: AssetId, metadata: AggregateMetadata, props: AssetProps): Asset {
    return new Asset(id, metadata, props);
  }

  /** `abcd/abcd…-….enc`: one object per asset, spread over directories by the id's first characters. */
  static storageKeyOf(id: string): string {
    return `${id.slice(0, 4)}/${id}.enc`;
  }

  get storageKey(): string {
    return Asset.storageKeyOf(this.id);
  }
  get owners(): readonly OwnerId[] {
    return this.props.owners;
  }
  get details(): AssetDetails {
    return this.props.details;
  }
  get file(): DeclaredFile {
    return this.props.file;
  }
  get encryption(): FileEncryption | null {
    return this.props.encryption;
  }
  get uploadClaim(): UploadClaim | null {
    return this.props.uploadClaim;
  }

  isOwnedBy(userId: string): boolean {
    return this.props.owners.includes(userId as OwnerId);
  }

  /** Pending or active, and `userId` among the owners; anyone else is told there is no such asset. */
  assertVisibleTo(userId: string): void {
    if (!isVisibleTo(this, userId)) {
      throw new AssetNotFoundError();
    }
  }

  /** The stored file's encryption, for an owner to read it: only an active asset has a file. */
  fileReadableBy(userId: string): FileEncryption {
    this.assertVisibleTo(userId);
    if (this.state !== 'active' || !this.props.encryption) {
      throw new AssetNotFoundError();
    }
    return this.props.encryption;
  }

  /**
   * Takes the asset for one upload until `until`. An upload still holding it keeps it; one that
   * lapsed (its process died) is overtaken.
   */
  claimUpload(claim: UploadClaim, at: Date): void {
    this.assertVisibleTo(claim.by);
    if (this.state !== 'pending') {
      throw new AssetNotPendingError(this.id);
    }
    const held = this.props.uploadClaim;
    if (held && held.uploadId !== claim.uploadId && held.until > at) {
      throw new UploadInProgressError(this.id);
    }
    this.touch(at);
    this.props = { ...this.props, uploadClaim: { ...claim } };
  }

  /** Extends this upload's hold while its bytes flow; fails once the hold was lost. */
  renewUploadClaim(uploadId: string, until: Date, at: Date): void {
    this.assertHolds(uploadId);
    this.props = { ...this.props, uploadClaim: { ...this.props.uploadClaim!, until } };
    this.touch(at);
  }

  /** The file was stored whole and as declared: the asset is active. */
  completeUpload(uploadId: string, at: Date): void {
    this.assertHolds(uploadId);
    const by = this.props.uploadClaim!.by;
    this.changeState('active', at);
    this.props = { ...this.props, uploadClaim: null };
    this.record(
      new AssetFileUploaded(
        { assetId: this.id, owners: [...this.props.owners], uploadedBy: by, fileType: this.file.type, fileSizeBytes: this.file.sizeBytes },
        at,
      ),
    );
  }

  /** A failed upload lets go, so the owner may try again at once. Nothing to do once the hold was lost. */
  releaseUploadClaim(uploadId: string, at: Date): void {
    if (this.state !== 'pending' || this.props.uploadClaim?.uploadId !== uploadId) {
      return;
    }
    this.touch(at);
    this.props = { ...this.props, uploadClaim: null };
  }

  /** Whether `uploadId` still holds the asset, so its file may be kept. */
  isHeldBy(uploadId: string): boolean {
    return this.state === 'pending' && this.props.uploadClaim?.uploadId === uploadId;
  }

  /** Changes only the fields given. */
  update(by: string, changes: Partial<AssetDetailsProps>, at: Date): void {
    this.assertChangeableBy(by);
    const details = this.props.details.with(changes);
    const changed = this.props.details.changedIn(details);
    if (changed.length === 0) {
      return;
    }
    this.touch(at);
    this.props = { ...this.props, details };
    this.record(new AssetUpdated({ assetId: this.id, updatedBy: by, changed }, at));
  }

  /** Removed for good: the data key is destroyed with it, so the file is unreadable even if a copy of it survives. */
  remove(by: string, at: Date): void {
    this.assertChangeableBy(by);
    this.changeState('removed', at);
    this.props = { ...this.props, encryption: null, uploadClaim: null };
    this.record(new AssetRemoved({ assetId: this.id, owners: [...this.props.owners], removedBy: by }, at));
  }

  /** The same data key under another KEK (a key rotation); the file is not touched, and nothing an owner sees changes. */
  rewrapDataKey(dataKey: WrappedDataKey): void {
    if (!this.props.encryption) {
      return;
    }
    this.props = { ...this.props, encryption: { ...this.props.encryption, dataKey } };
  }

  /**
   * Held by a scheduled release of `owner`'s: hidden from every list, and neither changed, removed
   * nor put in another release until the release ends. Only an active asset of theirs may be;
   * anything else is, to them, an asset that is not there. A shared asset may not: its other owners,
   * who are no party to the release, would lose it from sight with no way to end the release.
   */
  hideFor(owner: string, at: Date): void {
    if (this.state !== 'active' || !this.isOwnedBy(owner)) {
      throw new AssetNotFoundError();
    }
    if (this.props.owners.length > 1) {
      throw new SharedAssetNotReleasableError(this.id);
    }
    this.changeState('hidden', at);
  }

  /** Its release was cancelled: visible again, with its owners as they were. */
  showAgain(at: Date): void {
    if (this.state === 'hidden') {
      this.changeState('active', at);
    }
  }

  /**
   * Its release was triggered: visible again, and handed on by the release's bequest. `self` keeps
   * the owners; `gift` puts the receivers in place of the giver, with `bookmarked` reset (a
   * bookmark is the giver's); `co_ownership` adds the receivers beside the owners.
   */
  bequeath(releaseId: string, bequest: BequestType, giver: string, receivers: readonly string[], at: Date): void {
    this.showAgain(at);
    const previous = [...this.props.owners];
    const owners =
      bequest === 'self'
        ? previous
        : ([...new Set([...(bequest === 'gift' ? previous.filter((owner) => owner !== giver) : previous), ...receivers])] as OwnerId[]);
    if (bequest === 'gift') {
      this.props = { ...this.props, details: this.props.details.with({ bookmarked: false }) };
    }
    this.changeOwners(previous, owners, releaseId, at);
  }

  /** An owner leaves (their account was removed): the others keep it. The last owner removes it instead. */
  relinquish(owner: string, at: Date): void {
    const previous = [...this.props.owners];
    this.changeOwners(
      previous,
      previous.filter((candidate) => candidate !== owner),
      null,
      at,
    );
  }

  private changeOwners(previous: OwnerId[], owners: OwnerId[], releaseId: string | null, at: Date): void {
    if (owners.length === 0) {
      throw new InvalidInputError('An asset always has an owner', [{ field: 'owners', message: 'an asset keeps at least one owner' }]);
    }
    if (owners.length === previous.length && owners.every((owner) => previous.includes(owner))) {
      return;
    }
    this.touch(at);
    this.props = { ...this.props, owners };
    this.record(new AssetOwnershipChanged({ assetId: this.id, previousOwners: previous, owners: [...owners], releaseId }, at));
  }

  private assertChangeableBy(userId: string): void {
    if (this.state === 'hidden' && this.isOwnedBy(userId)) {
      throw new AssetHiddenError(this.id);
    }
    this.assertVisibleTo(userId);
  }

  private assertHolds(uploadId: string): void {
    if (!this.isHeldBy(uploadId)) {
      throw new UploadClaimLostError(this.id);
    }
  }
}
