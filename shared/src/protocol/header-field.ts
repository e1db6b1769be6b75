/**
 * One header line of a letter (RFC 5322 2.2, 3.6.8): a field name of printable
 * characters other than the colon, then a colon, then the value.
 */

/** RFC 5322 3.6.8: field-name = 1*ftext; ftext = %d33-57 / %d59-126. */
const FIELD = /^([\x21-\x39\x3b-\x7e]+):(.*)$/s;

/**
 * The name and value of a header line, or null when the line is not one.
 * @example parseHeaderField('Subject: Hello') // { name: 'Subject', value: 'Hello' }
 */
export function parseHeaderField(line: string): { name: string; value: string } | null {
  const m = FIELD.exec(line);
  return m ? { name: m[1] as string, value: (m[2] as string).trim() } : null;
}
