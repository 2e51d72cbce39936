import { describe, expect, it } from 'vitest';
import { annotateWithList, fitAnnotation, MAX_ANNOTATION_LENGTH } from '../rule/annotation';

describe('fitAnnotation', () => {
  it('keeps text that fits', () => {
    expect(fitAnnotation('short')).toBe('short');
    expect(fitAnnotation('x'.repeat(256))).toHaveLength(256);
  });

  it('cuts long text at a word boundary and marks the cut', () => {
    const text = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const fitted = fitAnnotation(text);
    expect(fitted.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
    expect(fitted.endsWith('…')).toBe(true);
    expect(text.startsWith(fitted.slice(0, -1))).toBe(true);
    expect(fitted.slice(0, -1)).toMatch(/word\d+$/);
  });

  it('cuts text without spaces hard, still within the limit', () => {
    expect(fitAnnotation('y'.repeat(1000))).toBe('y'.repeat(255) + '…');
  });
});

describe('annotateWithList', () => {
  const enis = Array.from({ length: 40 }, (_, i) => `eni-${String(i).padStart(17, '0')}`);

  it('lists every item when they fit', () => {
    expect(annotateWithList('Not mirrored: ', enis.slice(0, 3))).toBe(`Not mirrored: ${enis.slice(0, 3).join(', ')}`);
  });

  it('cuts the list between items and says how many more there are', () => {
    const text = annotateWithList('Not mirrored: ', enis);
    expect(text.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
    const match = /^Not mirrored: (.*) and (\d+) more$/.exec(text);
    expect(match).not.toBeNull();
    const shown = match![1]!.split(', ');
    expect(shown).toEqual(enis.slice(0, shown.length));
    expect(shown.length + Number(match![2])).toBe(40);
  });

  it('says only how many there are when even one item does not fit', () => {
    expect(annotateWithList('p'.repeat(240) + ': ', enis)).toBe(`${'p'.repeat(240)}: 40 more`);
  });
});
