/**
 * A sans-IO SMTP client: the mirror of the sandbox's session (server/session.ts). Given
 * an envelope and a letter, it says what a mail program says, reads what the server
 * answers, and reports what became of each recipient.
 *
 * How this works:
 * - A driver (autoplay in the page, the journey's MSA, a test) opens the connection and
 *   feeds every byte the server sends to `receive()`, in any chunking. Each call returns
 *   the bytes to send and what happened. The client never touches a socket or a timer:
 *   the TLS handshake, waiting and trying again later are the driver's.
 * - Every command sent waits in a queue for its reply; each whole reply
 *   (reply-framer.ts) answers the oldest one (RFC 2920 3.1: replies come in order).
 * - The steps, in order: the greeting (220), EHLO (or HELO), STARTTLS and EHLO again,
 *   AUTH, MAIL, one RCPT per recipient, DATA (354), the letter and its dot, QUIT.
 *   GOES_ON below says which replies let each step go on; the rest end the attempt by
 *   their class (outcome.ts): 4xx deferred, 5xx failed.
 * - Only the envelope is ever pipelined (RFC 2920): MAIL, every RCPT and DATA in one
 *   write when the server offers PIPELINING and the options allow it. What comes next
 *   is decided once all their replies are in, so a refusal never meets a command sent
 *   after it; without PIPELINING the same decision follows each reply.
 * - The exceptions to the table, as commented code below: a 5xx to EHLO falls back to
 *   HELO (RFC 5321 3.2); a refused STARTTLS is passed over when TLS was only
 *   opportunistic; a 530 to MAIL or AUTH is a request for STARTTLS or AUTH, met when
 *   the options allow; a refused RCPT settles that recipient only; a 421 ends the
 *   attempt at once, whatever it answers, and so does a reply that cannot be read.
 * - Bytes the server sends after its 220 to STARTTLS and before the handshake are
 *   dropped, never read as if they came over TLS (STARTTLS response injection).
 * - QUIT ends every attempt on a connection still up. Nothing a server sends makes the
 *   client throw: junk ends the attempt, deferred, with a sentence saying what it was.
 */

import { queueIdOf } from '../observe/observer.js';
import { parsePath } from '../protocol/address.js';
import { encodeBase64 } from '../protocol/base64.js';
import { concatBytes, encodeText } from '../protocol/bytes.js';
import { crlfLines, dotStuffBytes } from '../protocol/dot-stuffing.js';
import type { Reply } from '../protocol/reply.js';
import { type ClientOutcome, deliveredWhy, type Envelope, type RecipientOutcome, replyAt, resultOf, WHAT_NEXT } from './outcome.js';
import { ReplyFramer } from './reply-framer.js';

export interface ClientOptions {
  /** Our name for EHLO/HELO. */
  hello: string;
  /** 'EHLO' (default; falls back to HELO when EHLO gets a 5xx, RFC 5321 3.2) or 'HELO' (no extensions at all). */
  greeting?: 'EHLO' | 'HELO';
  /**
   * STARTTLS: 'never'; 'offered' (opportunistic: whenever EHLO offers it, as an MTA does);
   * 'required' (a submission client: no word in plain text past EHLO; QUIT, deferred, if
   * it is not offered); 'when-asked' (only after the server answers 530 to MAIL or AUTH
   * asking for it, then EHLO again and go on). Default 'offered'.
   */
  starttls?: 'never' | 'offered' | 'required' | 'when-asked';
  /**
   * Credentials: AUTH PLAIN (or LOGIN if PLAIN is not offered) as soon as EHLO offers AUTH
   * (after TLS, where real servers offer it); with when: 'asked', only once MAIL gets 530
   * asking for a login. Null: never log in.
   */
  auth?: { user: string; password: string; when?: 'offered' | 'asked' } | null;
  /** Use PIPELINING when EHLO offers it (RFC 2920: MAIL, RCPTs and DATA in one write). Default true. */
  pipelining?: boolean;
}

export type RecipientStatus = 'accepted' | 'delivered' | 'deferred' | 'failed';

export type ClientEvent =
  /** Do the TLS handshake now, then call `tlsStarted()`. */
  | { type: 'startTls' }
  /** RCPT's reply for one recipient: taken, not now, or never. */
  | { type: 'recipient'; address: string; status: 'accepted' | 'deferred' | 'failed'; reply: Reply }
  | { type: 'authenticated'; user: string }
  /** The attempt is over, this is what it came to (also in `outcome`). */
  | { type: 'done'; outcome: ClientOutcome }
  /** Close the connection once `output` is sent: after QUIT's reply, at once after a 421 or junk. */
  | { type: 'close' };

export interface ClientOutput {
  output: Uint8Array;
  events: ClientEvent[];
}

/** What the client waits for a reply to. */
type Step = 'greeting' | 'EHLO' | 'HELO' | 'STARTTLS' | 'AUTH' | 'MAIL' | 'RCPT' | 'DATA' | 'letter' | 'QUIT';

/**
 * The replies that let each step go on; any other ends the attempt by its class
 * (4xx deferred, 5xx failed), but for the exceptions in the header.
 */
const GOES_ON: Record<Step, readonly number[]> = {
  greeting: [220], // RFC 5321 3.1: 220; 421 or 554 in its place refuses the connection
  EHLO: [250], // RFC 5321 4.1.1.1; its other lines list the extensions
  HELO: [250],
  STARTTLS: [220], // RFC 3207 4: "220 Ready to start TLS"
  AUTH: [235, 334], // RFC 4954 4: 334 asks for the next piece, 235 is logged in
  MAIL: [250],
  RCPT: [250, 251], // 251: "User not local; will forward" (RFC 5321 4.2.2)
  DATA: [354],
  letter: [250], // the reply to the final dot: the message is the server's now
  QUIT: [221], // any reply at all ends it
};

/** How each step is named in a sentence ("451 at RCPT TO …"). */
const STAGES: Record<Step, string> = {
  greeting: 'the greeting',
  EHLO: 'EHLO',
  HELO: 'HELO',
  STARTTLS: 'STARTTLS',
  AUTH: 'AUTH',
  MAIL: 'MAIL FROM',
  RCPT: 'RCPT TO',
  DATA: 'DATA',
  letter: 'the end of the letter',
  QUIT: 'QUIT',
};

interface Pending {
  step: Step;
  /** RCPT: which recipient (its index in the envelope). */
  recipient?: number;
}

/** Where the connection is: talking, waiting on the driver's handshake, saying goodbye, or gone. */
type Phase = 'talking' | 'handshake' | 'quitting' | 'closed';

interface RecipientState {
  address: string;
  /** untried: not yet answered (or to be asked again after a 530); accepted: RCPT took it, the letter is not yet answered. */
  status: 'untried' | 'accepted' | 'delivered' | 'deferred' | 'failed';
  reply: Reply | null;
}

/** One MAIL transaction: its recipients in order and their replies as they come. */
interface Transaction {
  pipelined: boolean;
  /** Indexes of the recipients RCPT is sent for. */
  recipients: readonly number[];
  rcptSent: number;
  mail: Reply | null;
  dataSent: boolean;
  data: Reply | null;
  /** A server took DATA with no recipient accepted: the letter sent is empty, to end it. */
  empty: boolean;
}

/** The extensions EHLO offered: keyword (upper case) to its parameters. HELO: none. */
type Extensions = ReadonlyMap<string, string>;

const NO_EXTENSIONS: Extensions = new Map();

/**
 * @example
 * const client = new SmtpClient({ mailFrom: 'user@client.thm', recipients: ['strategos@server.thm'] }, letter, { hello: 'client.thm' });
 * const { output } = client.receive(greetingBytes); // "EHLO client.thm\r\n"
 */
export class SmtpClient {
  private readonly options: Required<Omit<ClientOptions, 'auth'>> & { auth: ClientOptions['auth'] };
  private readonly framer = new ReplyFramer();
  private readonly pending: Pending[] = [{ step: 'greeting' }];
  private phase: Phase = 'talking';
  private readonly recipients: RecipientState[];
  private readonly senderValid: boolean;
  /** The letter on the wire (CRLF lines, dot-stuffed, the final dot) and its size as RFC 1870 counts it. */
  private readonly wire: Uint8Array;
  private readonly size: number;
  private readonly eightBit: boolean;
  private extensions: Extensions = NO_EXTENSIONS;
  private fellBackToHelo = false;
  private tls = false;
  /** The server refused STARTTLS, and TLS was only opportunistic: go on in plain text. */
  private tlsDeclined = false;
  private user: string | null = null;
  /** What a 530 asked for, to be done before MAIL is tried again. */
  private readonly asked = { tls: false, auth: false };
  /** The login under way: its mechanism, and how many 334s were answered. */
  private sasl: { mechanism: 'PLAIN' | 'LOGIN'; answers: number } | null = null;
  private transaction: Transaction | null = null;
  private finished: ClientOutcome | null = null;
  private out: Uint8Array[] = [];
  private events: ClientEvent[] = [];

  constructor(
    private readonly envelope: Envelope,
    letter: Uint8Array,
    options: ClientOptions,
  ) {
    this.options = {
      hello: options.hello,
      greeting: options.greeting ?? 'EHLO',
      starttls: options.starttls ?? 'offered',
      pipelining: options.pipelining ?? true,
      auth: options.auth ?? null,
    };
    const lines = crlfLines(letter);
    this.size = lines.length;
    this.wire = dotStuffBytes(lines);
    this.eightBit = lines.some((b) => b > 0x7f);
    this.senderValid = envelope.mailFrom === '' || isAddress(envelope.mailFrom);
    // An address this client could not put in a command (a CR LF in it would be a second command) fails at once, unsent.
    this.recipients = envelope.recipients.map((address) => ({ address, status: isAddress(address) ? 'untried' : 'failed', reply: null }));
  }

  /** What the attempt came to; null until it is over. */
  get outcome(): ClientOutcome | null {
    return this.finished;
  }

  /** Bytes the server sent; what to send back and what happened. */
  receive(bytes: Uint8Array): ClientOutput {
    let i = 0;
    // During the handshake and after the end nothing is read: see the header.
    while (i < bytes.length && (this.phase === 'talking' || this.phase === 'quitting')) {
      const read = this.framer.read(bytes, i);
      if (!read) break;
      i = read.next;
      if (read.framed.type === 'garbled') this.garbled(read.framed.detail);
      else this.replied(read.framed.reply);
    }
    return this.flush();
  }

  /** The driver's TLS handshake is done: everything before it is forgotten, and EHLO comes again (RFC 3207 4.2). */
  tlsStarted(): ClientOutput {
    if (this.phase !== 'handshake') return this.flush();
    this.phase = 'talking';
    this.tls = true;
    this.user = null;
    this.extensions = NO_EXTENSIONS;
    this.framer.reset();
    this.command('EHLO', `EHLO ${this.options.hello}`);
    return this.flush();
  }

  /** The server hung up (or the handshake failed). Unless the message was confirmed, it is deferred. */
  connectionLost(): ClientOutput {
    if (this.phase === 'closed') return this.flush();
    if (!this.finished) {
      const waiting = this.pending[0]?.step;
      const where = this.phase === 'handshake' ? 'during the TLS handshake' : waiting ? `while waiting for the reply to ${STAGES[waiting]}` : 'between replies';
      // RFC 5321 6.1: a letter sent whose reply never came may have arrived; sent again, it may arrive twice.
      const twice = waiting === 'letter' ? ' It may have arrived all the same, and then it arrives twice: the price of never losing one.' : '';
      this.settle('deferred', `The connection was lost ${where}.${twice} ${WHAT_NEXT.deferred}`);
    }
    this.close();
    return this.flush();
  }

  // -- replies ------------------------------------------------------------------

  private replied(reply: Reply): void {
    const p = this.pending.shift();
    // RFC 5321 3.8: a server may say 421 at any time, unasked, as it closes.
    if (!p) return reply.code === 421 ? this.hungUp(reply, 'a moment when no reply was due') : this.garbled(`a ${reply.code} reply to no command`);
    if (p.step === 'QUIT') return this.close();
    if (reply.code === 421) return this.hungUp(reply, this.stage(p), p.step === 'letter' ? reply : null);
    switch (p.step) {
      case 'greeting':
        return GOES_ON.greeting.includes(reply.code) ? this.hello() : this.refused(reply, p);
      case 'EHLO':
        if (reply.code === 250) return this.greeted(extensionsOf(reply));
        // RFC 5321 3.2: a server that does not know EHLO says 5xx to it; HELO then, without extensions.
        if (reply.code >= 500 && !this.fellBackToHelo) {
          this.fellBackToHelo = true;
          return this.hello();
        }
        return this.refused(reply, p);
      case 'HELO':
        return reply.code === 250 ? this.greeted(NO_EXTENSIONS) : this.refused(reply, p);
      case 'STARTTLS':
        return this.startTlsAnswered(reply, p);
      case 'AUTH':
        return this.authAnswered(reply, p);
      case 'MAIL':
      case 'RCPT':
      case 'DATA':
        return this.envelopeAnswered(reply, p);
      case 'letter':
        return this.letterAnswered(reply, p);
    }
  }

  /** A reply that does not let its step go on, and has no exception: the attempt ends by its class. */
  private refused(reply: Reply, p: Pending, after = '', dataReply: Reply | null = null): void {
    const at = replyAt(reply, this.stage(p));
    if (reply.code < 400) {
      // A 2xx or 3xx where it cannot be: client and server no longer agree where they are. Stop, as for junk.
      this.settle('deferred', `${at} A ${reply.code} makes no sense there, so the client stops. ${WHAT_NEXT.deferred}`, reply, dataReply);
      return this.garbled('');
    }
    const status = reply.code >= 500 ? 'failed' : 'deferred';
    this.settle(status, `${at}${after} ${WHAT_NEXT[status]}`, reply, dataReply);
    this.quit();
  }

  /** 421: the server is closing. No QUIT: it is gone (RFC 5321 3.8). */
  private hungUp(reply: Reply, stage: string, dataReply: Reply | null = null): void {
    this.settle('deferred', `${replyAt(reply, stage)} The server is closing the connection. ${WHAT_NEXT.deferred}`, reply, dataReply);
    this.close();
  }

  /** The server sent what is not an SMTP reply: the attempt ends, and there is no waiting for it to make sense. */
  private garbled(detail: string): void {
    if (!this.finished) {
      const waiting = this.pending[0];
      this.settle('deferred', `The server sent what is not an SMTP reply${waiting ? ` at ${this.stage(waiting)}` : ''}: ${detail}. ${WHAT_NEXT.deferred}`);
    }
    // QUIT as a courtesy, but no wait for a reply from a server that sends junk.
    if (this.phase === 'talking') this.send('QUIT');
    this.close();
  }

  // -- hello, STARTTLS, AUTH -------------------------------------------------------

  private hello(): void {
    const verb = this.options.greeting === 'HELO' || this.fellBackToHelo ? 'HELO' : 'EHLO';
    this.command(verb, `${verb} ${this.options.hello}`);
  }

  /** EHLO or HELO was answered: TLS if wanted, a login if wanted, then the message. */
  private greeted(extensions: Extensions): void {
    this.extensions = extensions;
    const { starttls } = this.options;
    const wantsTls = !this.tls && !this.tlsDeclined && (starttls === 'offered' || starttls === 'required' || (starttls === 'when-asked' && this.asked.tls));
    if (wantsTls && extensions.has('STARTTLS')) return this.command('STARTTLS', 'STARTTLS');
    if (!this.tls && starttls === 'required') {
      // Postfix's smtp_tls_security_level = encrypt says the same, as a deferral: "TLS is required, but was not offered".
      this.settle('deferred', `The server does not offer STARTTLS, and this client says nothing in plain text past EHLO. ${WHAT_NEXT.deferred}`);
      return this.quit();
    }
    const auth = this.options.auth;
    if (auth && !this.user && (this.asked.auth || ((auth.when ?? 'offered') === 'offered' && extensions.has('AUTH')))) return this.authenticate();
    this.beginTransaction();
  }

  private startTlsAnswered(reply: Reply, p: Pending): void {
    if (reply.code === 220) {
      this.phase = 'handshake';
      this.events.push({ type: 'startTls' });
      return;
    }
    // Opportunistic TLS (RFC 3207 4: a client may go on without it): the message goes in plain text.
    if (this.options.starttls === 'offered' && !this.asked.tls) {
      this.tlsDeclined = true;
      return this.greeted(this.extensions);
    }
    this.refused(reply, p, ' This client will not go on without TLS.');
  }

  /** AUTH PLAIN with its initial response (RFC 4616, RFC 4954 4), or LOGIN where PLAIN is not offered. */
  private authenticate(): void {
    const auth = this.options.auth;
    if (!auth) return this.beginTransaction();
    const mechanisms = (this.extensions.get('AUTH') ?? '').toUpperCase().split(/\s+/);
    const mechanism = mechanisms.includes('PLAIN') ? 'PLAIN' : mechanisms.includes('LOGIN') ? 'LOGIN' : null;
    this.sasl = mechanism ? { mechanism, answers: 0 } : null;
    if (mechanism === 'PLAIN') return this.command('AUTH', `AUTH PLAIN ${base64Text(`\0${auth.user}\0${auth.password}`)}`);
    if (mechanism === 'LOGIN') return this.command('AUTH', 'AUTH LOGIN');
    if (!this.asked.auth) return this.beginTransaction();
    this.settle('failed', `The server asks for a login but offers no way this client knows (PLAIN or LOGIN). ${WHAT_NEXT.failed}`);
    this.quit();
  }

  private authAnswered(reply: Reply, p: Pending): void {
    const auth = this.options.auth;
    if (reply.code === 235 && auth) {
      this.user = auth.user;
      this.asked.auth = false;
      this.events.push({ type: 'authenticated', user: auth.user });
      return this.beginTransaction();
    }
    const sasl = this.sasl;
    // LOGIN asks for the user name, then the password, each in base64 ("VXNlcm5hbWU6" is "Username:").
    if (reply.code === 334 && auth && sasl?.mechanism === 'LOGIN' && sasl.answers < 2) {
      sasl.answers++;
      return this.command('AUTH', base64Text(sasl.answers === 1 ? auth.user : auth.password));
    }
    if (reply.code === 334 && sasl && sasl.answers < 3) {
      // A challenge this client has no answer for: "*" cancels the exchange (RFC 4954 4); its 501 then ends the attempt.
      sasl.answers = 3;
      return this.command('AUTH', '*');
    }
    if (reply.code === 530 && this.askedFor(reply)) return;
    this.refused(reply, p);
  }

  /**
   * A 530 to MAIL or AUTH asks for something first (RFC 3207 4: "530 Must issue a
   * STARTTLS command first"; RFC 4954 6: "530 5.7.0 Authentication required"). Both say
   * 530 with the same enhanced code, so the text tells them apart, and without a word of
   * TLS it is TLS first all the same where AUTH is not yet offered: credentials go over
   * TLS. True when the client does it; then MAIL is tried again.
   */
  private askedFor(reply: Reply): boolean {
    const mentionsTls = /TLS/i.test(reply.lines.join(' ')); // "STARTTLS" too: no word boundary inside it
    const canTls = !this.tls && !this.tlsDeclined && this.options.starttls !== 'never' && this.extensions.has('STARTTLS');
    const canAuth = !!this.options.auth && !this.user && !mentionsTls;
    if (canTls && (mentionsTls || !this.extensions.has('AUTH'))) {
      this.asked.tls = true;
      this.asked.auth ||= canAuth;
      this.transaction = null;
      this.command('STARTTLS', 'STARTTLS');
      return true;
    }
    if (canAuth && this.extensions.has('AUTH')) {
      this.asked.auth = true;
      this.transaction = null;
      this.authenticate();
      return true;
    }
    return false;
  }

  // -- the envelope ----------------------------------------------------------------

  private beginTransaction(): void {
    if (!this.senderValid) {
      this.settle('failed', `“${this.envelope.mailFrom}” is not an address this client can send from. ${WHAT_NEXT.failed}`);
      return this.quit();
    }
    const recipients = this.recipients.flatMap((r, i) => (r.status === 'untried' ? [i] : []));
    if (recipients.length === 0) {
      this.settle('failed', `No recipient is an address this client can send to. ${WHAT_NEXT.failed}`);
      return this.quit();
    }
    // RFC 1870 4: a message larger than the SIZE that EHLO announced "will be rejected with a permanent failure (552)".
    const limit = Number(this.extensions.get('SIZE') ?? 0);
    if (limit > 0 && this.size > limit) {
      this.settle(
        'failed',
        `The message is ${this.size} octets, more than the ${limit} the server takes (SIZE in its EHLO reply), so it is not sent. ${WHAT_NEXT.failed}`,
      );
      return this.quit();
    }
    const pipelined = this.options.pipelining && this.extensions.has('PIPELINING');
    this.transaction = { pipelined, recipients, rcptSent: 0, mail: null, dataSent: false, data: null, empty: false };
    this.command('MAIL', `MAIL FROM:<${this.envelope.mailFrom}>${this.mailParameters()}`);
    if (!pipelined) return;
    while (this.transaction.rcptSent < recipients.length) this.sendRcpt(this.transaction);
    this.sendData(this.transaction);
  }

  /** BODY=8BITMIME for an 8-bit letter (RFC 6152) and SMTPUTF8 for a UTF-8 address (RFC 6531), where offered. */
  private mailParameters(): string {
    let params = '';
    if (this.eightBit && this.extensions.has('8BITMIME')) params += ' BODY=8BITMIME';
    const utf8 = [this.envelope.mailFrom, ...this.envelope.recipients].some((a) => /[^\x20-\x7e]/.test(a));
    if (utf8 && this.extensions.has('SMTPUTF8')) params += ' SMTPUTF8';
    return params;
  }

  private sendRcpt(t: Transaction): void {
    const index = t.recipients[t.rcptSent++] as number;
    this.command('RCPT', `RCPT TO:<${(this.recipients[index] as RecipientState).address}>`, index);
  }

  private sendData(t: Transaction): void {
    t.dataSent = true;
    this.command('DATA', 'DATA');
  }

  /** A reply to MAIL, RCPT or DATA: kept; once every one sent is answered, the next move. */
  private envelopeAnswered(reply: Reply, p: Pending): void {
    const t = this.transaction;
    if (!t) return; // cannot happen: these steps are sent only within a transaction
    if (p.step === 'MAIL') t.mail = reply;
    else if (p.step === 'DATA') t.data = reply;
    else if (t.mail?.code === 250 && p.recipient !== undefined) this.recipientAnswered(p.recipient, reply);
    // (An RCPT answered after a refused MAIL says nothing of its recipient: there was no transaction.)
    if (this.pending.length === 0) this.envelopeDecided(t);
  }

  private recipientAnswered(index: number, reply: Reply): void {
    const r = this.recipients[index] as RecipientState;
    // A reply RCPT cannot have (a 354, a 220) tells nothing of the recipient: not now, then.
    const status = GOES_ON.RCPT.includes(reply.code) ? 'accepted' : reply.code >= 500 ? 'failed' : 'deferred';
    r.status = status;
    r.reply = reply;
    this.events.push({ type: 'recipient', address: r.address, status, reply });
  }

  /** Every reply of the envelope sent so far is in: the next RCPT, DATA, the letter, or the end. */
  private envelopeDecided(t: Transaction): void {
    const mail = t.mail as Reply;
    if (mail.code !== 250) {
      // RFC 2920 3.1 wants DATA refused when no recipient was taken; a server that said 354 after
      // refusing MAIL cannot be trusted with even an empty letter: hang up, as nodemailer does.
      if (t.data?.code === 354) {
        this.settle(
          mail.code >= 500 ? 'failed' : 'deferred',
          `${replyAt(mail, 'MAIL FROM')} Then the server took DATA all the same, so the client hangs up.`,
          mail,
        );
        return this.close();
      }
      if (mail.code === 530 && this.askedFor(mail)) return;
      return this.refused(mail, { step: 'MAIL' });
    }
    if (!t.pipelined && t.rcptSent < t.recipients.length) return this.sendRcpt(t);
    if (!t.recipients.some((i) => this.recipients[i]?.status === 'accepted')) {
      if (t.data?.code === 354) {
        // Taken with no one to deliver to: a lone dot ends the empty letter (RFC 5321 4.1.1.4), and its reply is only read.
        t.empty = true;
        this.out.push(encodeText('.\r\n'));
        this.pending.push({ step: 'letter' });
        return;
      }
      return this.everyRecipientRefused(t);
    }
    if (!t.dataSent) return this.sendData(t);
    const data = t.data as Reply;
    if (data.code !== 354) return this.refused(data, { step: 'DATA' });
    this.out.push(this.wire);
    this.pending.push({ step: 'letter' });
  }

  /** No RCPT was taken: the attempt ends on the recipients' own replies, a temporary one first (nodemailer's choice too). */
  private everyRecipientRefused(t: Transaction): void {
    const refused = t.recipients.map((i) => this.recipients[i] as RecipientState);
    const decisive = refused.find((r) => r.status === 'deferred') ?? (refused[0] as RecipientState);
    const status = decisive.status === 'deferred' ? 'deferred' : 'failed';
    const others = refused.length - 1;
    const more = others > 0 ? ` ${others === 1 ? 'The other recipient was' : `The ${others} other recipients were`} refused too.` : '';
    this.settle(status, `${replyAt(decisive.reply as Reply, `RCPT TO <${decisive.address}>`)}${more} ${WHAT_NEXT[status]}`);
    this.quit();
  }

  private letterAnswered(reply: Reply, p: Pending): void {
    const t = this.transaction as Transaction;
    if (t.empty) return this.everyRecipientRefused(t);
    if (reply.code >= 200 && reply.code < 300) {
      for (const r of this.recipients) {
        if (r.status !== 'accepted') continue;
        r.status = 'delivered';
        r.reply = reply;
      }
      this.settle('deferred', (recipients) => deliveredWhy(reply, recipients), reply, reply);
      return this.quit();
    }
    this.refused(reply, p, '', reply);
  }

  // -- the end -----------------------------------------------------------------------

  /**
   * The attempt is over: every recipient not settled yet (untried, or accepted without
   * the letter's 2xx) takes `status` and `reply`; the outcome is made and announced.
   * `dataReply`: the reply to the letter, when it came.
   */
  private settle(
    status: 'deferred' | 'failed',
    why: string | ((recipients: readonly RecipientOutcome[]) => string),
    reply: Reply | null = null,
    dataReply: Reply | null = null,
  ): void {
    if (this.finished) return;
    const recipients: RecipientOutcome[] = this.recipients.map((r) =>
      r.status === 'untried' || r.status === 'accepted' ? { address: r.address, status, reply } : { address: r.address, status: r.status, reply: r.reply },
    );
    const delivered = dataReply !== null && dataReply.code < 300;
    this.finished = {
      result: resultOf(recipients),
      recipients,
      dataReply,
      queueId: delivered ? queueIdOf(dataReply.lines.join(' ')) : null,
      why: typeof why === 'string' ? why : why(recipients),
    };
    this.events.push({ type: 'done', outcome: this.finished });
  }

  /** Goodbye, where the connection is still up; the close follows QUIT's reply. */
  private quit(): void {
    if (this.phase !== 'talking') return;
    this.command('QUIT', 'QUIT');
    this.phase = 'quitting';
  }

  private close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.pending.length = 0;
    this.events.push({ type: 'close' });
  }

  // -- bytes out -----------------------------------------------------------------------

  private command(step: Step, line: string, recipient?: number): void {
    this.send(line);
    this.pending.push(recipient === undefined ? { step } : { step, recipient });
  }

  private send(line: string): void {
    this.out.push(encodeText(`${line}\r\n`));
  }

  private flush(): ClientOutput {
    const result = { output: concatBytes(this.out.length === 0 ? [new Uint8Array(0)] : this.out), events: this.events };
    this.out = [];
    this.events = [];
    return result;
  }

  private stage(p: Pending): string {
    const r = p.recipient === undefined ? undefined : this.recipients[p.recipient];
    return r ? `RCPT TO <${r.address}>` : STAGES[p.step];
  }
}

/** EHLO's reply, read: its first line greets, each other names an extension and its parameters (RFC 5321 4.1.1.1). */
function extensionsOf(reply: Reply): Extensions {
  const out = new Map<string, string>();
  for (const line of reply.lines.slice(1)) {
    // "AUTH=PLAIN LOGIN" is an old form of "AUTH PLAIN LOGIN" that some servers still send.
    const m = /^([A-Za-z0-9][A-Za-z0-9-]*)(?:[ =](.*))?$/.exec(line.trim());
    if (m) out.set((m[1] as string).toUpperCase(), (m[2] ?? '').trim());
  }
  return out;
}

/** Whether an address can go between the brackets of MAIL FROM or RCPT TO as it is (RFC 5321 4.1.2). */
function isAddress(address: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\x00-\x1f\x7f]/.test(address)) return false;
  const parsed = parsePath(`<${address}>`, false);
  return parsed.ok && parsed.rest === '' && parsed.mailbox !== null;
}

/** The base64 of a string's UTF-8 bytes. */
function base64Text(text: string): string {
  return encodeBase64(encodeText(text));
}
