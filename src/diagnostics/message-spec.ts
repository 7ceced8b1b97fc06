import type { Severity } from './diagnostic.js';

/** One message of the catalogue (messages.ts): what every stage's catalogue is made of. */
export interface MessageSpec {
  code: string;
  severity: Severity;
  /** Short rule name, used as the SARIF rule's short description. */
  title: string;
  text: string;
  hint?: string;
}
