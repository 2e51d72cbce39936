/** Annotations are shown in the Config console; PutEvaluations rejects more than 256 characters. */
export const MAX_ANNOTATION_LENGTH = 256;

const ELLIPSIS = '…';

/** Cuts text to the annotation limit at a word boundary where one is near, marking the cut with an ellipsis. */
export function fitAnnotation(text: string, max = MAX_ANNOTATION_LENGTH): string {
  if (text.length <= max) return text;
  const room = max - ELLIPSIS.length;
  const cut = text.slice(0, room);
  const lastSpace = cut.lastIndexOf(' ');
  const clean = lastSpace > room - 40 ? cut.slice(0, lastSpace) : cut;
  return clean.replace(/[\s,;:(]+$/, '') + ELLIPSIS;
}

/**
 * `prefix` followed by as many `items` (joined by `separator`) as fit in `max`, then "and N more" for the rest.
 * The result never exceeds `max`: the list is cut between items, never inside an ID.
 */
export function annotateWithList(prefix: string, items: readonly string[], max = MAX_ANNOTATION_LENGTH, separator = ', '): string {
  for (let shown = items.length; shown >= 0; shown--) {
    const rest = items.length - shown;
    const list = items.slice(0, shown).join(separator);
    const more = rest === 0 ? '' : shown > 0 ? ` and ${rest} more` : `${rest} more`;
    const text = `${prefix}${list}${more}`;
    if (text.length <= max) return text;
  }
  return fitAnnotation(prefix, max);
}
