/** A name as the HRIS or the mapped record holds it. */
export interface PersonName {
  firstName: string | null;
  lastName: string | null;
}

/** Lower case, accents and punctuation dropped, spaces collapsed: "Zoé  Dupont-Roux" and "zoe dupont roux" match. */
function normalized(name: PersonName): string {
  return [name.firstName, name.lastName]
    .filter((p): p is string => Boolean(p))
    .join(' ')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function displayName(name: PersonName): string {
  return [name.firstName, name.lastName].filter(Boolean).join(' ');
}

/**
 * Whether the person the HRIS matched by email looks like someone else: their names differ beyond
 * case, accents and punctuation. Unknown on either side is no evidence of a difference.
 */
export function namesDiffer(sent: PersonName | null, found: PersonName | null): boolean {
  if (!sent || !found) return false;
  const a = normalized(sent);
  const b = normalized(found);
  return a !== '' && b !== '' && a !== b;
}
