import { RepositoryToken } from '@keepem/shared/service_layer';
import type { User } from '../../domain/user.aggregate';

export interface UserRepository {
  findById(id: string): Promise<User | null>;
  findByCanonicalEmail(canonicalEmail: string): Promise<User | null>;
  findByUsername(username: string): Promise<User | null>;
  findByReferralCode(code: string): Promise<User | null>;
  save(user: User): void;
}

export const USER_REPOSITORY = new RepositoryToken<UserRepository>('users');
