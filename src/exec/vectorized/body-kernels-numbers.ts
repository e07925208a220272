/**
 * Lambda-body kernels of the unary number ops and number conversions (`number-floor`,
 * `number-abs`, the rounding ops, `toFixed`, `toString`, `toByteString`, `toTimestamp`,
 * `sin`/`cos`). A number op on a non-number column (not all null) is unsupported
 * (row-wise per row), as everywhere in the body kernels.
 */
import { mapNumbers, type Column, numbersToStringsWith, numberToStrings, toFixedDigits, toFixedNumbers, toTimestamps, type NumberColumn, type NumMapOp } from '../columnar/index.js';
import { formatBytes } from '../../ops/number-misc.js';
import { numOperand, scalar } from './lambda-values.js';
import { colVal, receiverTagged, type FamilyKernel } from './body-kernels-strings.js';
import { unsupported } from './unsupported.js';

function unary(f: (c: NumberColumn, sel: Uint32Array | null) => Column): FamilyKernel {
  return (n, a, frame) => {
    const x = numOperand(a[0], frame.rows.length);
    if (x.s) return scalar(frame.resolveScalar(n, [x.v]));
    return colVal(f(x.col as NumberColumn, x.sel), receiverTagged(a));
  };
}

const map = (op: NumMapOp): FamilyKernel => unary((c, sel) => mapNumbers(op, c, sel));

export const NUMBER_KERNELS: Readonly<Record<string, FamilyKernel>> = {
  'number-floor': map('floor'),
  'number-abs': map('abs'),
  'number-sin': map('sin'),
  'number-cos': map('cos'),
  'number-roundthousand': map('roundThousand'),
  'number-roundHundredth': map('roundHundredth'),
  'number-roundtenth': map('roundTenth'),
  'number-toString': unary((c, sel) => numberToStrings(c, sel)),
  'number-toByteString': unary((c, sel) => numbersToStringsWith(c, sel, formatBytes)),
  'number-toTimestamp': unary((c, sel) => toTimestamps(c, sel)),
  'number-toFixed': (n, a, frame) => {
    const len = frame.rows.length;
    const x = numOperand(a[0], len);
    const d = numOperand(a[1], len);
    if (!d.s) return unsupported('column digits');
    if (x.s) return scalar(frame.resolveScalar(n, [x.v, d.v]));
    const digits = toFixedDigits(d.v as number | null);
    // Out of range: toFixed throws on the first non-null row; the resolver reports it.
    if (digits === null) return unsupported('toFixed digits out of range');
    return colVal(toFixedNumbers(x.col as NumberColumn, digits, x.sel), receiverTagged(a));
  },
};
