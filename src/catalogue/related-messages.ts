import type { MessageSpec } from './message-spec.js';

/**
 * The wording of related locations: the other places a diagnostic points at (SARIF's
 * relatedLocations, the TypeScript compiler's relatedInformation), instead of "at line N" in
 * its text. Only `text` is used.
 */
export const relatedMessages = {
  firstSetHere: { text: 'First set here.' },
  firstDeclaredHere: { text: 'First declared here.' },
  otherShard: { text: 'The other shard: --mod {mod}, at "{time}".' },
} as const satisfies Record<string, Pick<MessageSpec, 'text'>>;

export type RelatedMessageId = keyof typeof relatedMessages;
