import { Inject, Injectable } from '@nestjs/common';
import { DOCUMENT_READER, type DocumentReader } from '@keepem/shared/service_layer';
import type { UserReminder } from '../service_layer/user-reminder';
import type { UserRemindersView } from '../service_layer/ports/user-reminders.view.port';
import { USERS_COLLECTION, type UserDocument } from './document-user.repository';
import { byText } from './text-order';

/** Reads a user's reminders straight from the user's document, where the repository keeps them. */
@Injectable()
export class DocumentUserRemindersView implements UserRemindersView {
  constructor(@Inject(DOCUMENT_READER) private readonly documents: DocumentReader) {}

  async remindersOf(userId: string): Promise<UserReminder[] | null> {
    const user = (await this.documents.findById(USERS_COLLECTION.name, userId, ['reminders'])) as Pick<UserDocument, 'reminders'> | null;
    if (!user) {
      return null;
    }
    return (user.reminders ?? [])
      .map((reminder) => ({
        title: reminder.title,
        time: reminder.time,
        frequencyDays: reminder.frequency_days,
        relatedUser: reminder.related_user,
      }))
      .sort((one, other) => one.time.getTime() - other.time.getTime() || byText(one.title, other.title));
  }
}
