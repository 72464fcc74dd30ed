import { describe, expect, it } from '@jest/globals';
import { Command, MessageProps } from './command';

/** A command whose author forgot `declare` on its field: the build settings must keep the field anyway. */
class RenameThing extends Command {
  readonly newName: string;

  constructor(props: MessageProps<RenameThing>) {
    super(props);
  }
}

describe('Command', () => {
  it('keeps every field of its props, declared with `declare` or not', () => {
    const metadata = { commandId: 'c-1', correlationId: 'r-1', at: new Date('2030-01-01T00:00:00.000Z') };

    expect(new RenameThing({ newName: 'Ada', metadata })).toMatchObject({ newName: 'Ada', metadata });
  });
});
