/** `confusion-matrix`: a confusion matrix is square, one row and one column per label. */
import type { CaseRule } from './types.ts';

/** Checks the shape of the case's confusion matrix, if it has one. */
export const checkEvidence: CaseRule = ({ data }, _ctx, add) => {
  const cm = data.evidence?.confusion_matrix;
  if (!cm) return;
  const n = cm.labels.length;
  if (cm.matrix.length !== n) {
    add(
      'confusion-matrix',
      ['evidence', 'confusion_matrix', 'matrix'],
      `The matrix has ${cm.matrix.length} rows for ${n} labels.`,
      'Write one row per label (actual), in the order of labels.',
    );
    return;
  }
  cm.matrix.forEach((row, i) => {
    if (row.length !== n) {
      add(
        'confusion-matrix',
        ['evidence', 'confusion_matrix', 'matrix', i],
        `Row ${i + 1} has ${row.length} columns for ${n} labels.`,
        'Write one column per label (predicted), in the order of labels.',
      );
    }
  });
};
