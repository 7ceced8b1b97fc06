/** How bad a diagnostic is: an error stops build and package, a warning does not. */
export type Severity = 'error' | 'warning';

/** One message of the catalogue (messages.ts): what every stage's catalogue is made of. */
export interface MessageSpec {
  code: string;
  severity: Severity;
  /** Short rule name, used as the SARIF rule's short description. */
  title: string;
  text: string;
  hint?: string;
}

/**
 * The `{name}` placeholders of a catalogue text, as a union of names. As in fillTemplate, only
 * a name of word characters is one: braces around anything else (a JSON example in a hint) are
 * text.
 */
export type Placeholders<Text> = Text extends `${string}{${infer Name}}${infer Rest}` ? (Name extends `${string}${NotInName}${string}` | '' ? never : Name) | Placeholders<Rest> : never;
type NotInName = ' ' | '"' | "'" | ':' | ',' | '{' | '.' | '-' | '/' | '<' | '>' | '=' | '(' | ')' | '[' | ']' | '\\' | '*' | '$' | '@';

/** Every placeholder of a message spec, in its text and its hint. */
export type PlaceholdersOfSpec<Spec> = (Spec extends { text: infer Text } ? Placeholders<Text> : never) | (Spec extends { hint: infer Hint } ? Placeholders<Hint> : never);

/**
 * The `data` a report of this message must carry: exactly its placeholders, so a missing or
 * misspelt one is a compile error; none at all for a message without placeholders.
 */
export type DataForSpec<Spec> = [PlaceholdersOfSpec<Spec>] extends [never] ? { data?: undefined } : { data: Readonly<Record<PlaceholdersOfSpec<Spec>, string | number>> };

/**
 * A catalogue text with its `{name}` placeholders filled from `data`. A placeholder without a
 * value is a bug in the detection code: `missing` makes the error to throw.
 */
export function fillTemplate(template: string, data: Readonly<Record<string, string | number>>, missing: (name: string) => Error): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = data[name];
    if (value === undefined) throw missing(name);
    return String(value);
  });
}
