/** The assets context's name on the wire: the source of its events and the prefix of their names. */
export const ASSETS_SOURCE = 'assets';
