import type { MessageSpec } from '../diagnostics/messages.js';

/** Schedule diagnostics (CP24xx); merged into the one catalogue in diagnostics/messages.ts. */
export const scheduleMessages = {} as const satisfies Record<string, MessageSpec>;
