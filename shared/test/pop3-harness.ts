/**
 * Setup ladders for the POP3 sandbox: a mailbox filled by a real SMTP Session (so its
 * messages carry their real trace headers), then a POP3 session greeted, then logged in.
 */
import { classicMessage } from '../src/client/classic-message.js';
import { Maildrops } from '../src/pop3/maildrops.js';
import { type Pop3Event, Pop3Session, type Pop3SessionOptions } from '../src/pop3/session.js';
import { decodeText, encodeText } from '../src/protocol/bytes.js';
import { dotStuff } from '../src/protocol/dot-stuffing.js';
import { Mailbox } from '../src/server/mailbox.js';
import { Session } from '../src/server/session.js';
import { fixedEnv } from './harness.js';

/** Sends one message through a real SMTP session into `mailbox`; returns the queue id. */
export function sendOverSmtp(mailbox: Mailbox, from: string, to: readonly string[], letter: string, seed = 1): string {
  const smtp = new Session({ ...fixedEnv(seed), mailbox, client: { address: '10.10.1.2' } });
  smtp.start();
  const commands = [`EHLO client.thm`, `MAIL FROM:<${from}>`, ...to.map((r) => `RCPT TO:<${r}>`), 'DATA'].map((l) => `${l}\r\n`).join('');
  smtp.receive(encodeText(commands));
  const reply = decodeText(smtp.receive(encodeText(dotStuff(letter))).output);
  smtp.receive(encodeText('QUIT\r\n'));
  const id = /^250 OK id=(\S+)/m.exec(reply)?.[1];
  if (!id) throw new Error(`not accepted: ${reply}`);
  return id;
}

/** A mailbox holding lesson 7's message, sent to strategos@server.thm. */
export function mailboxWithClassic(): Mailbox {
  const mailbox = new Mailbox();
  const { envelope, letter } = classicMessage();
  sendOverSmtp(mailbox, envelope.mailFrom, envelope.recipients, decodeText(letter));
  return mailbox;
}

export interface Pop3Harness {
  session: Pop3Session;
  mailbox: Mailbox;
  maildrops: Maildrops;
  greeting: string;
  events: Pop3Event[];
  /** Sends text as bytes; returns what the server answered. */
  send(text: string): string;
}

export function pop3Connect(opts: Partial<Pop3SessionOptions> & { mailbox?: Mailbox; maildrops?: Maildrops } = {}): Pop3Harness {
  const mailbox = opts.mailbox ?? mailboxWithClassic();
  const maildrops = opts.maildrops ?? new Maildrops(mailbox);
  const session = new Pop3Session({ ...fixedEnv(), ...opts, maildrops });
  const events: Pop3Event[] = [];
  const greeting = decodeText(session.start().output);
  return {
    session,
    mailbox,
    maildrops,
    greeting,
    events,
    send(text) {
      const r = session.receive(encodeText(text));
      events.push(...r.events);
      return decodeText(r.output);
    },
  };
}

export function pop3LoggedIn(opts: Parameters<typeof pop3Connect>[0] = {}, user = 'strategos'): Pop3Harness {
  const h = pop3Connect(opts);
  h.send(`USER ${user}\r\nPASS sandbox\r\n`);
  return h;
}
