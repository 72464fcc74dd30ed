import { ParseUUIDPipe } from '@nestjs/common';

export const LEGACY_PATH = '/api/v1/legacy';
export const MY_LEGACY_PATH = '/api/v1/me/legacy';
export const MY_INCOMING_LEGACY_PATH = `${MY_LEGACY_PATH}/incoming`;

export const releaseLocation = (id: string): string => `${LEGACY_PATH}/${id}`;
export const releaseTriggerLocation = (id: string): string => `${releaseLocation(id)}/trigger`;

/** The `{id}` of a release's routes: a version 4 UUID, or a 400 before any handler runs. */
export const RELEASE_ID = new ParseUUIDPipe({ version: '4' });
