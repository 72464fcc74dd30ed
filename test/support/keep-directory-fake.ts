import type { KeepDirectory } from '../../libs/users/src/contracts/keep-directory';

/** KEEP_DIRECTORY as the users context answers it, from keeps the test makes and breaks. */
export class FakeKeepDirectory implements KeepDirectory {
  private readonly keeps = new Set<string>();
  /** How many times it was asked. */
  asked = 0;

  keep(one: string, other: string): void {
    this.keeps.add(FakeKeepDirectory.pair(one, other));
  }

  unkeep(one: string, other: string): void {
    this.keeps.delete(FakeKeepDirectory.pair(one, other));
  }

  async activeKeepsOf(userId: string, userIds: readonly string[]): Promise<string[]> {
    this.asked += 1;
    return userIds.filter((other) => this.keeps.has(FakeKeepDirectory.pair(userId, other)));
  }

  private static pair(one: string, other: string): string {
    return [one, other].sort().join('|');
  }
}
