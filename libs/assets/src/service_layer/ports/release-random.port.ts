/** Where the "in a bottle" time is drawn from: a number in [0, 1), uniformly. Tests inject their own. */
export type ReleaseRandom = () => number;

export const RELEASE_RANDOM = Symbol('RELEASE_RANDOM');
