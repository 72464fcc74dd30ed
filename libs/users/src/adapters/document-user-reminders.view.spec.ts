import { describe, expect, it } from '@jest/globals';
import { storedDocumentsReader } from '../../../../test/support/stored-documents-reader';
import { DocumentUserRemindersView } from './document-user-reminders.view';

const id = '0b7c6a3e-5d1f-4c2a-9e8b-1f2a3b4c5d6e';
const reminder = (title: string, time: string) => ({ title, time: new Date(time), frequency_days: 0, related_user: null });

describe('DocumentUserRemindersView', () => {
  it('lists a user’s reminders by time, then title', async () => {
    const view = new DocumentUserRemindersView(
      storedDocumentsReader({
        _id: id,
        username: 'ada',
        reminders: [
          reminder('b', '2030-05-04T09:00:00Z'),
          reminder('late', '2030-06-01T00:00:00Z'),
          reminder('a', '2030-05-04T09:00:00Z'),
          reminder('early', '2030-01-01T00:00:00Z'),
        ],
      }),
    );

    expect((await view.remindersOf(id))?.map((listed) => listed.title)).toEqual(['early', 'a', 'b', 'late']);
  });

  it('lists none for a user stored before reminders were kept, and null for an unknown user', async () => {
    const view = new DocumentUserRemindersView(storedDocumentsReader({ _id: id, username: 'ada' }));

    expect(await view.remindersOf(id)).toEqual([]);
    expect(await view.remindersOf(crypto.randomUUID())).toBeNull();
  });
});
