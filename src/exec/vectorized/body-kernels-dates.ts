/**
 * Lambda-body kernels of the date and timestamp ops: `date_round-<unit>` (`.day`, `.month` …),
 * `date-toNumber`, `datetime-addms`, `dates-equal`.
 *
 * A date operand is a `mixed` column of `Date`s and nulls (how JSON ingest keeps dates; the
 * times are extracted once per column), a number column (numbers: what `timeOf` reads for a
 * number, and `date_round` reads a number as Unix seconds), or an all-null column. Anything
 * else (tagged values from a per-row fallback, strings, mixed kinds) is unsupported (row-wise).
 * `date_round` returns a `mixed` column of `Date` objects: the value the row-wise resolver
 * returns (see src/exec/columnar/dates.ts).
 */
import { addMs, dateRound, gather, dateTimes, dateToSeconds, timesEqual, type Column, type DateUnit, type NumberColumn, type Selection } from '../columnar/index.js';
import { isAllNull, nullNumbers, numOperand, scalar, type LVal } from './lambda-values.js';
import { colVal, receiverTagged, type FamilyKernel } from './body-kernels-strings.js';
import { unsupported } from './unsupported.js';

/** Times of a `mixed` column of dates, per column (null: not all dates). */
const timesCache = new WeakMap<Column, NumberColumn | null>();

interface TimeOperand {
  readonly col: NumberColumn;
  readonly sel: Selection;
  /** The values are plain numbers (not dates). */
  readonly numbers: boolean;
}

function timeOperand(lv: LVal, len: number): TimeOperand | null {
  if (lv.k === 'scalar') {
    if (lv.v === null) return null;
    return unsupported('constant date');
  }
  if (lv.k !== 'col') return unsupported('non-column operand');
  const col = lv.col;
  if (col.kind === 'number') return { col, sel: lv.sel, numbers: true };
  if (col.kind === 'mixed') {
    let t = timesCache.get(col);
    if (t === undefined) {
      t = dateTimes(col.values);
      timesCache.set(col, t);
    }
    if (t !== null) return { col: t, sel: lv.sel, numbers: false };
  }
  if (isAllNull(col, lv.sel, len)) return { col: nullNumbers(len), sel: null, numbers: true };
  return unsupported(`date op on a ${col.kind} column`);
}

function round(unit: DateUnit): FamilyKernel {
  return (n, a, frame) => {
    const t = timeOperand(a[0], frame.rows.length);
    if (t === null) return scalar(null);
    return colVal(dateRound(unit, t.col, t.numbers, t.sel), receiverTagged(a));
  };
}

/** Both operands in one index space. */
function aligned(x: TimeOperand, y: TimeOperand): [TimeOperand, TimeOperand] {
  if (x.sel === y.sel) return [x, y];
  const g = (o: TimeOperand): TimeOperand => (o.sel === null ? o : { col: gather(o.col, o.sel) as NumberColumn, sel: null, numbers: o.numbers });
  return [g(x), g(y)];
}

export const DATE_KERNELS: Readonly<Record<string, FamilyKernel>> = {
  'date_round-year': round('year'),
  'date_round-quarter': round('quarter'),
  'date_round-month': round('month'),
  'date_round-week': round('week'),
  'date_round-day': round('day'),
  'date_round-hour': round('hour'),
  'date_round-minute': round('minute'),
  'date-toNumber': (_n, a, frame) => {
    const t = timeOperand(a[0], frame.rows.length);
    if (t === null) return scalar(null);
    return colVal(dateToSeconds(t.col, t.sel), receiverTagged(a));
  },
  'datetime-addms': (_n, a, frame) => {
    const len = frame.rows.length;
    const t = timeOperand(a[0], len);
    if (t === null) return scalar(null);
    const ms = numOperand(a[1], len);
    if (ms.s) return colVal(addMs(t.col, ms.v as number | null, t.sel), receiverTagged(a));
    const [x, y] = aligned(t, { col: ms.col as NumberColumn, sel: ms.sel, numbers: true });
    return colVal(addMs(x.col, y.col, x.sel), receiverTagged(a));
  },
  'dates-equal': (_n, a, frame) => {
    const len = frame.rows.length;
    const l = timeOperand(a[0], len);
    if (l === null) return scalar(null);
    const r = timeOperand(a[1], len);
    if (r === null) return unsupported('constant null right side');
    const [x, y] = aligned(l, r);
    return colVal(timesEqual(x.col, y.col, x.sel), receiverTagged(a));
  },
};
