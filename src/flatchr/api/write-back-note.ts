/**
 * The note left on the applicant once the hire is in the HRIS: "Created in Lucca, id 123, on 2026-12-01"
 * (or "Found in Lucca" when the HRIS already had the person). Plain text: Flatchr shows it as typed.
 */
export function writeBackNote(input: {
  hrisLabel: string;
  hrisId: string | number | null;
  outcome: 'created' | 'existing' | 'linked';
  at: Date;
}): string {
  const verb = input.outcome === 'created' ? 'Created' : 'Found';
  const id = input.hrisId === null || input.hrisId === '' ? '' : `, id ${input.hrisId}`;
  return `HireBridge: ${verb} in ${input.hrisLabel}${id}, on ${input.at.toISOString().slice(0, 10)}`;
}
