import { GetOutboxRecordHandler } from './get-outbox-record.handler';
import { ListOutboxRecordsHandler } from './list-outbox-records.handler';
import { RetryOutboxRecordHandler } from './retry-outbox-record.handler';

export const OUTBOX_ADMIN_HANDLERS = [ListOutboxRecordsHandler, GetOutboxRecordHandler, RetryOutboxRecordHandler];
