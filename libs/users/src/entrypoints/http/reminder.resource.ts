import { halLinks, type HalLinks, type ResponseSchema, viewFields, type FieldValues } from '@keepem/shared/http';
import type { UserReminder } from '../../service_layer/user-reminder';

export const REMINDERS_LOCATION = '/api/v1/me/reminders';

/** A reminder's fields as the API shows them, declared once for the answer's type and its schema. */
const REMINDER_FIELDS = viewFields({
  title: { type: 'string', example: 'Call grandma' },
  time: { type: 'string', format: 'date-time', example: '2030-05-04T09:00:00.000Z' },
  frequency_days: { type: 'integer', example: 7, description: '0 for once' },
  related_user: { type: 'string', format: 'uuid', nullable: true },
});

type ReminderItem = FieldValues<typeof REMINDER_FIELDS>;

export interface RemindersResource {
  _embedded: { reminders: ReminderItem[] };
  _links: HalLinks;
}

const LINK: ResponseSchema = { type: 'object', properties: { href: { type: 'string' } }, required: ['href'] };

/**
 * The user's reminders, all of them: a user has at most MAX_REMINDERS_PER_USER, so the list is not
 * paged. Documented by Swagger and serialized by Fastify from this one schema.
 */
export const REMINDERS_RESOURCE_SCHEMA: ResponseSchema = {
  type: 'object',
  properties: {
    _embedded: {
      type: 'object',
      properties: {
        reminders: {
          type: 'array',
          items: { type: 'object', properties: REMINDER_FIELDS, required: Object.keys(REMINDER_FIELDS) },
        },
      },
      required: ['reminders'],
    },
    _links: { type: 'object', properties: { self: LINK }, required: ['self'] },
  },
  required: ['_embedded', '_links'],
};

export function remindersResource(reminders: readonly UserReminder[]): RemindersResource {
  return {
    _embedded: {
      reminders: reminders.map((reminder) => ({
        title: reminder.title,
        time: reminder.time.toISOString(),
        frequency_days: reminder.frequencyDays,
        related_user: reminder.relatedUser,
      })),
    },
    _links: halLinks(REMINDERS_LOCATION),
  };
}
