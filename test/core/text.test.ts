import { describe, expect, it } from 'vitest';
import { didYouMean, plural, slugify, slugifyTitle, titleFromSlug } from '../../core/model/text.ts';

describe('slugify', () => {
  it('makes headings ids, folding accents', () => {
    expect(slugify('Follow-up')).toBe('follow-up');
    expect(slugify('  What went well?  ')).toBe('what-went-well');
    expect(slugify('Diagnóstico & Causa')).toBe('diagnostico-causa');
    expect(slugify('Café notes')).toBe('cafe-notes');
  });

  it('makes a file-name slug of at most eight words from a title', () => {
    expect(slugifyTitle('Fraud model missed a new merchant pattern after the holiday peak')).toBe(
      'fraud-model-missed-a-new-merchant-pattern-after',
    );
    expect(slugifyTitle('Café menu ranker drifted')).toBe('cafe-menu-ranker-drifted');
    expect(slugifyTitle('!!!')).toBe('case');
  });

  it('turns a section id back into a heading', () => {
    expect(titleFromSlug('root-causes')).toBe('Root causes');
  });
});

describe('didYouMean', () => {
  it('by edit distance: finds plausible typos of a field name only', () => {
    const by = 'edit-distance';
    expect(didYouMean('sumary', ['summary', 'status'], { by })).toBe('summary');
    expect(didYouMean('serverity', ['severity'], { by })).toBe('severity');
    expect(didYouMean('Severity', ['severity'], { by })).toBe('severity');
    expect(didYouMean('foo', ['summary', 'severity'], { by })).toBeUndefined();
  });

  it('by shared prefix: prefers the id that contains the word over the nearest spelling', () => {
    const by = 'shared-prefix';
    expect(didYouMean('drift', ['data-drift', 'draft'], { by })).toBe('data-drift');
    expect(didYouMean('data-drfit', ['data-drift', 'label-noise'], { by })).toBe('data-drift');
    expect(didYouMean('xy', ['data-drift', 'label-noise'], { by })).toBeUndefined();
    // The edit distance would pick `draft`.
    expect(didYouMean('drift', ['data-drift', 'draft'], { by: 'edit-distance' })).toBe('draft');
  });
});

describe('plural', () => {
  it('writes the noun plural unless the count is 1', () => {
    expect(plural(0, 'case')).toBe('0 cases');
    expect(plural(1, 'case')).toBe('1 case');
    expect(plural(2, 'catalog file')).toBe('2 catalog files');
    expect(plural(2000, 'case')).toBe('2000 cases');
    expect(plural(2000, 'case', { grouped: true })).toBe('2,000 cases');
    expect(plural(1, 'case', { grouped: true })).toBe('1 case');
  });
});
