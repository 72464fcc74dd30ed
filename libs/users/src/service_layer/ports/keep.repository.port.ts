import { RepositoryToken } from '@keepem/shared/service_layer';
import type { Keep } from '../../domain/keep.aggregate';

export interface KeepRepository {
  findById(id: string): Promise<Keep | null>;
  /** The pending or active keep between the two users, whichever of them asked. */
  findLiveBetween(oneUserId: string, otherUserId: string): Promise<Keep | null>;
  /** Every pending or active keep the user is a party to, on either side. */
  findLiveOf(userId: string): Promise<Keep[]>;
  save(keep: Keep): void;
}

export const KEEP_REPOSITORY = new RepositoryToken<KeepRepository>('keeps');
