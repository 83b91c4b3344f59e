/**
 * A vacancy's `remote` as the record's yes/no. Flatchr's 2022 docs send a boolean; newer docs
 * send how much of the time is remote. The record has no "partly", and a part-time remote job
 * does involve remote work, so 'parttime' counts as remote (true); 'notime' is false; anything
 * else is unknown (null).
 */
export function toRemote(value: boolean | string | null | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return null;
  switch (value.trim().toLowerCase()) {
    case 'fulltime':
    case 'parttime':
      return true;
    case 'notime':
      return false;
    default:
      return null;
  }
}
