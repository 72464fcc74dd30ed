import { it } from '@jest/globals';

/**
 * A test that sends requests racing to write one document. The wire lane's server neither raises
 * write conflicts nor serialises conditional updates, so such a test proves nothing there (and can
 * wedge it); it runs on the embedded default and against a real replica set.
 */
export const itRacing = process.env.MONGODB_LANE === 'wire' ? it.skip : it;
