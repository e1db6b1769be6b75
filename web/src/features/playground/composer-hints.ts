/**
 * What the composer suggests and warns about, computed from the observer's state and
 * the shared parser: no SMTP knowledge of its own.
 */
import { type ConversationState, parseCommand } from '@smtp-playground/shared';

/** Commands that make sense next, to fill into the input. */
export function suggestions(state: ConversationState, helo: boolean): string[] {
  switch (state) {
    case 'greeting':
      return ['EHLO client.thm', 'HELO client.thm'];
    case 'ready':
      return helo ? ['MAIL FROM:<user@client.thm>', 'NOOP', 'QUIT'] : ['EHLO client.thm'];
    case 'mail':
      return ['RCPT TO:<strategos@server.thm>', 'RSET'];
    case 'rcpt':
      return ['RCPT TO:<another@server.thm>', 'DATA', 'RSET'];
    default:
      return [];
  }
}

/** A warning before sending a line the server will likely refuse; null when it looks fine. */
export function commandHint(line: string): string | null {
  if (line.trim() === '') return null;
  const r = parseCommand(line);
  if (!r.ok) return `${r.detail}. You can still send it and see what the server says.`;
  const c = r.command;
  if ((c.verb === 'MAIL' || c.verb === 'RCPT') && c.leniencies.includes('no-angle-brackets')) {
    return 'Addresses belong in angle brackets: <user@example.com>. Many servers accept it anyway; strict ones do not.';
  }
  return null;
}

/** A warning about the letter before it is sent. */
export function letterHint(body: string): string | null {
  const lines = body.split(/\r?\n/);
  const blank = lines.indexOf('');
  const headerish = /^[\x21-\x39\x3b-\x7e]+:/;
  if (lines.length > 0 && !headerish.test(lines[0] ?? '')) return 'The letter should start with headers, such as "Subject: Hello".';
  if (blank === -1) return 'Leave a blank line after the headers; the body goes below it.';
  return null;
}
