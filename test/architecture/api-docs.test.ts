/**
 * STYLE: the public API has JSDoc with an example. Every value exported from the package's
 * barrels (namespaces' members and the `ets` object's functions included) carries a JSDoc
 * comment with an `@example`, unless it is marked `@internal` (plumbing for dfsweo's own layers).
 */
import { describe, expect, it } from 'vitest';
import { undocumentedApi } from './api-docs.js';

describe('the public API is documented', () => {
  it('every exported value has JSDoc with an @example (or is @internal)', () => {
    const missing = undocumentedApi().map((u) => `${u.name} (${u.where}): no ${u.lacks === 'doc' ? 'JSDoc' : '@example'}`);
    expect(missing, `public exports without JSDoc or @example:\n${missing.join('\n')}`).toEqual([]);
  }, 60_000);
});
