/**
 * Which advice fits a field Debian rejects or misreads: picks phrases from
 * the catalogue (messages.ts schedulePhrases) for the {expected}, {found},
 * {advice} and {suggestion} placeholders of scan-fields.ts's reports. The
 * wording itself is all in messages.ts.
 */
import type { ScheduleFieldSpec } from './fields.js';
import type { ScheduleDataArgs } from './model.js';
import { schedulePhrase } from '../catalogue/schedule-messages.js';

/** Which number get_number() was reading: an element's first value, a range's end, or a step. */
export type Role = 'value' | 'rangeEnd' | 'step';

/** {expected}, {found} and {advice} of expectedNumber: get_number() found `found` (a character, or the field's end) instead of a number. */
export function missingNumberData(spec: ScheduleFieldSpec, role: Role, found: string | undefined): { expected: string; found: string; advice: string } {
  const { min, max, names } = spec;
  const expected = schedulePhrase(
    role === 'step' ? 'expectStep' : role === 'rangeEnd' ? (names ? 'expectRangeEndOrName' : 'expectRangeEnd') : names ? 'expectValueOrName' : 'expectValue',
  );
  let advice: string;
  if (found === '?') advice = schedulePhrase('adviceNoQuestionMark');
  else if (found === '-' && role === 'value') advice = schedulePhrase('adviceNoOpenRange', { min, example: Math.min(min + 5, max) });
  else if (role === 'rangeEnd') advice = schedulePhrase('adviceRangeBothEnds', { min, max });
  else if (role === 'step') advice = schedulePhrase('adviceStepAfterSlash');
  else advice = schedulePhrase(names ? 'adviceValueOrName' : 'adviceValue', { min, max });
  return {
    expected,
    found: found === undefined ? schedulePhrase('foundEndOfField') : schedulePhrase('foundCharacter', { character: found }),
    advice,
  };
}

/** "0" or "0-2": the part of a wrapped-around range after the field's end. */
function wrapTail(low: number, end: number): string {
  return end === low ? String(low) : `${low}-${end}`;
}

/** Data of reversedRange for the element `element` = num1-num2[/step], num1 > num2. */
export function reversedRangeData(spec: ScheduleFieldSpec, element: string, num1: number, num2: number, step: string | undefined): ScheduleDataArgs<'reversedRange'>[0] {
  const { min, max } = spec;
  const values = { from: num1, to: num2, step: step === undefined ? '' : `/${step}` };
  let suggestion: string;
  let sunday = '';
  if (spec.name === 'dayOfWeek') {
    sunday = schedulePhrase('sundayIsZero');
    if (num2 === 0) suggestion = schedulePhrase('reversedToSunday', values);
    else suggestion = schedulePhrase('reversedWeek', { ...values, tail: wrapTail(0, num2) });
  } else {
    suggestion = schedulePhrase('reversedRange', { ...values, max, tail: wrapTail(min, num2) });
  }
  return { range: element, suggestion, sunday };
}

/** {advice} for a word Debian does not know: cron syntaxes Debian lacks first, then the field's names or numbers. */
export function wordAdvice(word: string, spec: ScheduleFieldSpec): string {
  const { min, max } = spec;
  const upper = word.toUpperCase();
  if (/^[0-9]*L$/.test(upper) || /^L[0-9]*$/.test(upper)) return schedulePhrase('adviceNoLast');
  if (/^[0-9]*W$/.test(upper) || upper === 'LW') return schedulePhrase('adviceNoNearestWeekday');
  if (upper === 'H' || /^H[0-9]/.test(upper)) return schedulePhrase('adviceNoHash');
  if (spec.names) {
    const first3 = word.length > 3 ? word.slice(0, 3).toLowerCase() : '';
    const prefix = spec.names.find((n) => first3 === n.toLowerCase());
    const names = spec.namesKind === 'month' ? 'jan-dec' : 'sun-sat';
    if (prefix) return schedulePhrase('adviceShortName', { names, name: prefix.toLowerCase() });
    return schedulePhrase('adviceKnownNames', { names, min, max });
  }
  if (/^[0-9]+[a-z]+$/i.test(word)) return schedulePhrase('adviceLettersAfterNumber', { min, max });
  return schedulePhrase('adviceNumberOrStar', { min, max });
}
