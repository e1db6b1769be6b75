/**
 * What the composer suggests and warns about, computed from the observer's state and
 * shared's table, parser and notes: no SMTP knowledge of its own, only example lines.
 */
import { type ConversationState, LENIENCY_NOTES, parseCommand, parseHeaderField, TRANSITIONS, VERBS, type Verb } from '@smtp-playground/shared';

/** What to type for each command the usual path offers; a second recipient gets a new name. */
function example(verb: Verb, state: ConversationState): string {
  switch (verb) {
    case 'HELO':
    case 'EHLO':
      return `${verb} client.thm`;
    case 'MAIL':
      return 'MAIL FROM:<user@client.thm>';
    case 'RCPT':
      return state === 'rcpt' ? 'RCPT TO:<another@server.thm>' : 'RCPT TO:<strategos@server.thm>';
    default:
      return verb;
  }
}

/** Commands that make sense next, to fill into the input: the usual path's moves out of this state, in the table's order. */
export function suggestions(state: ConversationState): string[] {
  // Only commands are typed: the other triggers (the connection, the letter's end) are not.
  const verbs = TRANSITIONS.filter((t) => t.path && t.from.includes(state)).flatMap((t) => ((VERBS as readonly string[]).includes(t.on) ? [t.on as Verb] : []));
  return [...new Set(verbs)].map((v) => example(v, state));
}

/** A warning before sending a line the server will likely refuse; null when it looks fine. */
export function commandHint(line: string): string | null {
  if (line.trim() === '') return null;
  const r = parseCommand(line);
  if (!r.ok) return `${r.detail}. You can still send it and see what the server says.`;
  const c = r.command;
  if ((c.verb === 'MAIL' || c.verb === 'RCPT') && c.leniencies.includes('no-angle-brackets')) return LENIENCY_NOTES['no-angle-brackets'];
  return null;
}

/** A warning about the letter before it is sent. */
export function letterHint(body: string): string | null {
  const lines = body.split(/\r?\n/);
  if (lines.length > 0 && !parseHeaderField(lines[0] ?? '')) return 'The letter should start with headers, such as "Subject: Hello".';
  if (!lines.includes('')) return 'Leave a blank line after the headers; the body goes below it.';
  return null;
}
