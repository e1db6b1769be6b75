/**
 * Where each reply's wording comes from: for each personality, the catalogue entries
 * whose words the real server was heard saying in the parity corpus. The rest are ours
 * (words for a case no real server in the corpus reached, or a scenario of our own).
 *
 * `HEARD` is a table, so the page needs no goldens to show it; `heardIn` computes it
 * from a golden, and a test holds the table to what the goldens say.
 */
import { REPLIES, type ReplyKey, renderReply, wordingPattern } from '../protocol/replies.js';
import type { Personality } from '../server/personality.js';
import type { ParityGolden } from './transcript.js';

/**
 * The entries whose wording, as `personality` says it, appears among the golden's
 * server lines with the same code. The names the corpus uses are filled in first
 * (the server is example.thm, the client client.thm), so Postfix's bare `250
 * example.thm` counts; what is left a placeholder matches anything, and a wording
 * that is nothing but placeholders ("{detail}") never counts as heard.
 */
/** The names every dialogue of the corpus uses. */
const CORPUS_NAMES = { host: 'example.thm', client: 'client.thm' };

export function heardIn(golden: ParityGolden, personality: Personality): ReplyKey[] {
  const said = new Set<string>();
  for (const d of Object.values(golden.dialogues)) {
    for (const line of d.transcript) {
      const m = /^S: (\d{3})[ -](?:[245]\.\d{1,3}\.\d{1,3} )?(.*)$/.exec(line);
      if (m) said.add(`${m[1]} ${m[2]}`);
    }
  }
  const heard: ReplyKey[] = [];
  for (const key of Object.keys(REPLIES) as ReplyKey[]) {
    const r = renderReply(key, personality, CORPUS_NAMES, false);
    const patterns = r.lines.flatMap((l) => wordingPattern(l)?.pattern ?? []);
    if (patterns.length > 0 && patterns.every((p) => [...said].some((s) => s.startsWith(`${r.code} `) && p.test(s.slice(4))))) heard.push(key);
  }
  return heard;
}

/** By personality: the entries whose words the real server said in the parity corpus (computed by `heardIn`; a test keeps it so). */
export const HEARD: Record<'exim' | 'postfix', readonly ReplyKey[]> = {
  exim: [
    'R214_HELP',
    'R220_STARTTLS',
    'R221_BYE',
    'R235_AUTH_OK',
    'R250_MAIL_OK',
    'R250_RCPT_OK',
    'R250_QUEUED',
    'R250_RSET',
    'R250_NOOP',
    'R252_VRFY',
    'R354_DATA',
    'R500_UNKNOWN',
    'R500_EMPTY_LINE',
    'R500_TOO_MANY_UNKNOWN',
    'R500_LINE_TOO_LONG',
    'R500_BAD_CHARACTERS',
    'R501_HELO',
    'R501_EHLO',
    'R501_NO_ARGUMENTS',
    'R501_VRFY',
    'R501_EXPN',
    'R501_AUTH',
    'R501_AUTH_CANCELLED',
    'R501_AUTH_BASE64',
    'R501_BDAT',
    'R501_BAD_BODY',
    'R501_SMTPUTF8_NOT_OFFERED',
    'R502_EXPN',
    'R503_NEED_HELO',
    'R503_NEED_MAIL',
    'R503_NEED_RCPT',
    'R503_NESTED_MAIL',
    'R503_ALL_RCPTS_REFUSED',
    'R503_AUTH_DONE',
    'R503_AUTH_IN_TRANSACTION',
    'R503_AUTH_NOT_OFFERED',
    'R503_STARTTLS_NOT_OFFERED',
    'R503_TLS_ACTIVE',
    'R504_AUTH_MECHANISM',
    'R535_AUTH_FAILED',
    'R552_SIZE_DECLARED',
    'R552_TOO_BIG',
    'R554_NO_VALID_RCPTS',
    'R550_LINE_TOO_LONG',
    'R554_TOO_MANY_NONMAIL',
    'R554_SYNC_ERROR',
    'R555_UNSUPPORTED_PARAM',
    'R458_ETRN_REFUSED',
    'R250_CHUNK',
    'R250_CHUNK_QUEUED',
    'R503_BDAT_NOT_OFFERED',
    'R503_BDAT_NEED_RCPT',
    'R554_BDAT_NO_RCPTS',
    'R503_MAIL_AFTER_BDAT',
    'R503_RCPT_AFTER_BDAT',
    'R503_DATA_AFTER_BDAT',
    'R503_ONLY_BDAT',
    'R421_LOST_INPUT',
  ],
  postfix: [
    'R220_GREETING',
    'R220_STARTTLS',
    'R221_BYE',
    'R235_AUTH_OK',
    'R250_HELO',
    'R250_EHLO',
    'R250_MAIL_OK',
    'R250_RCPT_OK',
    'R250_QUEUED',
    'R250_RSET',
    'R250_NOOP',
    'R354_DATA',
    'R421_TOO_MANY_ERRORS',
    'R452_TOO_MANY_RCPTS',
    'R500_UNKNOWN',
    'R500_EMPTY_LINE',
    'R500_BAD_CHARACTERS',
    'R501_HELO',
    'R501_EHLO',
    'R501_MAIL',
    'R501_RCPT',
    'R501_NO_ADDRESS',
    'R501_BAD_SENDER',
    'R501_BAD_RECIPIENT',
    'R501_NO_ARGUMENTS',
    'R501_VRFY',
    'R501_AUTH',
    'R501_AUTH_CANCELLED',
    'R501_AUTH_BASE64',
    'R501_BAD_SIZE',
    'R501_BAD_BODY',
    'R503_NEED_MAIL',
    'R503_NEED_RCPT',
    'R503_NESTED_MAIL',
    'R503_AUTH_DONE',
    'R503_AUTH_IN_TRANSACTION',
    'R503_AUTH_NOT_OFFERED',
    'R503_TLS_ACTIVE',
    'R504_AUTH_MECHANISM',
    'R535_AUTH_FAILED',
    'R552_SIZE_DECLARED',
    'R554_NO_VALID_RCPTS',
    'R555_UNSUPPORTED_PARAM',
    'R459_ETRN_UNAVAILABLE',
    'R500_ETRN_SYNTAX',
    'R503_ETRN_IN_TRANSACTION',
    'R250_CHUNK',
    'R250_CHUNK_QUEUED',
    'R521_BDAT_SYNTAX',
    'R503_BDAT_NEED_RCPT',
    'R554_BDAT_NO_RCPTS',
    'R503_DATA_AFTER_BDAT',
  ],
};
