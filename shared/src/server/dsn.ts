/**
 * Delivery status notifications (RFC 3461): what a client adds to MAIL (RET, ENVID)
 * and to RCPT (NOTIFY, ORCPT) to ask for reports on delivery, read and checked the way
 * Postfix 3.7 reads them (smtpd.c, xtext.c, uxtext.c, dsn_mask.c). The sandbox delivers
 * at once and sends no reports; it keeps what was asked with the stored message.
 *
 * Rules:
 * - RET=FULL or RET=HDRS (any case): how much of the message a bounce returns.
 * - ENVID=xtext: the sender's name for this transaction, returned in reports. xtext
 *   (RFC 3461 4) writes "+" and two hex digits for a byte; Postfix takes either case,
 *   and the decoded text must be printable.
 * - NOTIFY=NEVER, or a comma list of SUCCESS, FAILURE and DELAY (any case). Postfix
 *   skips empty items and repeats; NEVER with anything else is an error.
 * - ORCPT=type;xtext: the recipient as the sender first wrote it. The type must not be
 *   empty; the address must decode (for type utf-8, RFC 6533's "\x{HEX}" form).
 * - Each may be given once; a second one is an error of its own kind (Postfix).
 */

/** When to report on a recipient (RFC 3461 4.1). */
export type DsnNotify = 'NEVER' | 'SUCCESS' | 'FAILURE' | 'DELAY';

/** What the client asked about one recipient; null where it did not say. */
export interface DsnRecipient {
  notify: DsnNotify[] | null;
  /** ORCPT, decoded: its address type ("rfc822", "utf-8", ...) and the address. */
  orcpt: { type: string; address: string } | null;
}

/** The DSN request of a whole transaction: RET and ENVID from MAIL, then one entry per accepted recipient, in order. */
export interface MessageDsn {
  ret: 'FULL' | 'HDRS' | null;
  envid: string | null;
  recipients: DsnRecipient[];
}

/** A transaction's request before any parameter was seen. */
export function emptyDsn(): MessageDsn {
  return { ret: null, envid: null, recipients: [] };
}

/** Whether the client asked for anything at all: only then is the request kept with the message. */
export function dsnAsked(d: MessageDsn): boolean {
  return d.ret !== null || d.envid !== null || d.recipients.some((r) => r.notify !== null || r.orcpt !== null);
}

/** RET's value, or null if it is neither FULL nor HDRS. */
export function parseRet(value: string): 'FULL' | 'HDRS' | null {
  const v = value.toUpperCase();
  return v === 'FULL' || v === 'HDRS' ? v : null;
}

/** ENVID's value decoded, or null if it is not xtext of printable text. */
export function parseEnvid(value: string): string | null {
  const text = decodeXtext(value);
  // Postfix's allprint(): the decoded bytes must all be printable ASCII.
  return text !== null && /^[\x20-\x7e]*$/.test(text) ? text : null;
}

const NOTIFY_WORDS: readonly DsnNotify[] = ['NEVER', 'SUCCESS', 'FAILURE', 'DELAY'];

/** NOTIFY's value as a list without repeats, or null if a word is unknown, none is given, or NEVER comes with another. */
export function parseNotify(value: string): DsnNotify[] | null {
  const words: DsnNotify[] = [];
  for (const item of value.split(',')) {
    if (item === '') continue;
    const word = item.toUpperCase() as DsnNotify;
    if (!NOTIFY_WORDS.includes(word)) return null;
    if (!words.includes(word)) words.push(word);
  }
  if (words.length === 0 || (words.includes('NEVER') && words.length > 1)) return null;
  return words;
}

/** ORCPT's value split at the first ";" and decoded, or null. */
export function parseOrcpt(value: string): { type: string; address: string } | null {
  const semicolon = value.indexOf(';');
  if (semicolon <= 0) return null;
  const type = value.slice(0, semicolon);
  const coded = value.slice(semicolon + 1);
  const address = type.toLowerCase() === 'utf-8' ? decodeUtf8Addr(coded) : decodeXtext(coded);
  return address === null ? null : { type, address };
}

/** xtext (RFC 3461 4): "+XX" is the byte XX in hex; every other character stands for itself. */
export function decodeXtext(text: string): string | null {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch !== '+') {
      out += ch;
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
    out += String.fromCharCode(Number.parseInt(hex, 16));
    i += 2;
  }
  return out;
}

/** utf-8-addr-xtext (RFC 6533 3): "\x{HEX}" is a Unicode code point; every other character stands for itself. */
function decodeUtf8Addr(text: string): string | null {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!text.startsWith('\\x{', i)) {
      out += text[i];
      continue;
    }
    const close = text.indexOf('}', i + 3);
    const hex = close === -1 ? '' : text.slice(i + 3, close);
    if (!/^[0-9A-Fa-f]{1,6}$/.test(hex) || Number.parseInt(hex, 16) > 0x10ffff) return null;
    out += String.fromCodePoint(Number.parseInt(hex, 16));
    i = close;
  }
  return out;
}
