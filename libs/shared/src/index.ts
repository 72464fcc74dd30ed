export const SPIKE = 'shared';
