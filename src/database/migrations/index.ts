import { InitialSchema1764200000000 } from './1764200000000-InitialSchema';

/** Listed explicitly (no glob) so the same list works from `src` with ts-node and from `dist`. Append new ones. */
export const MIGRATIONS = [InitialSchema1764200000000];
