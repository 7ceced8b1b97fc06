import { isBlank } from './c-text.js';

/**
 * A schedule's fields as Debian's cron separates them (space and tab only, cron.h
 * Skip_Blanks), joined by one space: the form written into cron lines and manifests.
 * Other white space (a no-break space, a form feed) is part of a field to cron, so it
 * stays part of it here; validation has refused such a schedule already.
 */
export function scheduleText(time: string): string {
  const fields: string[] = [];
  let field = '';
  for (const ch of time) {
    if (!isBlank(ch)) field += ch;
    else if (field !== '') {
      fields.push(field);
      field = '';
    }
  }
  if (field !== '') fields.push(field);
  return fields.join(' ');
}
