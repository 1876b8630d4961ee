import { randomUUID } from 'node:crypto';

/** Opaque random identifier for rows. */
export const newId = (): string => randomUUID();
