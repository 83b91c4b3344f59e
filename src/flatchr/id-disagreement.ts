/** "candidate ids disagree: data.candidate_id 1260, data.candidate.id 1261; used data.candidate_id (1260)", or null. */
export function idDisagreement(what: string, ids: Array<[string, string | null]>): string | null {
  const present = ids.filter((entry): entry is [string, string] => entry[1] !== null);
  if (new Set(present.map(([, id]) => id)).size < 2) return null;
  const [usedField, usedId] = present[0];
  return `${what} ids disagree: ${present.map(([field, id]) => `${field} ${id}`).join(', ')}; used ${usedField} (${usedId})`;
}
