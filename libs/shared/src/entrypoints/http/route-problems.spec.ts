import { describe, expect, it } from '@jest/globals';
import { prefersHtml } from './route-problems';

describe('prefersHtml', () => {
  it('is true for what browsers send when following a link', () => {
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(prefersHtml('text/html')).toBe(true);
    expect(prefersHtml('TEXT/HTML; q=0.9, application/json; q=0.5')).toBe(true);
  });

  it('is false for scripts and API clients, which get the problem document', () => {
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('application/problem+json, text/html;q=0.5')).toBe(false);
    expect(prefersHtml('text/html;q=0')).toBe(false);
  });
});
