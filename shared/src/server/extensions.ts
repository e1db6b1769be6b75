/**
 * How each personality behaves with the SMTP extensions beyond RFC 5321's core, where
 * the RFCs leave room and real servers differ in more than words: ETRN (RFC 1985), DSN
 * (RFC 3461) and CHUNKING (RFC 3030).
 *
 * A personality (personalities/*.ts) says how a server sounds: reply texts, EHLO order,
 * queue ids. This table says what it does, as data, measured against real Exim 4.96 and
 * Postfix 3.7.11 (the parity goldens, and by hand where no golden covers it). It is kept
 * by personality id so that a personality stays a list of words.
 */
import type { Verb } from '../protocol/command.js';
import type { ReplyKey } from '../protocol/replies.js';
import type { Personality } from './personality.js';

export interface ExtensionHabits {
  /**
   * ETRN (RFC 1985), outside a transaction. `checksArgument`: the argument must be one
   * host name, @domain or #queue (R500_ETRN_SYNTAX, R501_ETRN_DOMAIN) before `answer`.
   */
  etrn: { checksArgument: boolean; answer: ReplyKey };
  /**
   * RET= and ENVID= on MAIL where EHLO did not offer DSN: 'ignored' (taken and dropped
   * unread, whatever their value) or 'unsupported' (as any unknown parameter). Where
   * DSN is offered they are checked as dsn.ts says; NOTIFY and ORCPT on RCPT are
   * unknown parameters where it is not.
   */
  dsnUnoffered: 'ignored' | 'unsupported';
  /** CHUNKING: BDAT, beside what RFC 3030 and the sequence table (states.ts) say. */
  chunking: ChunkingHabits;
}

export interface ChunkingHabits {
  /** BDAT where EHLO did not offer CHUNKING (after HELO): 'accept' it, or 'refuse' it with R503_BDAT_NOT_OFFERED and read its chunk as commands. */
  unoffered: 'accept' | 'refuse';
  /**
   * How "BDAT size [LAST]" is read (bdat.ts): 'loose' or 'strict'; and the reply to one
   * that cannot be read. Without a size the chunk cannot be found: a 521 hangs up.
   */
  syntax: 'loose' | 'strict';
  malformed: ReplyKey;
  /** A refused BDAT is answered 'at-once', then its chunk read and dropped, or 'after-chunk'. */
  refusals: 'at-once' | 'after-chunk';
  /** BDAT 0 without LAST: the reply to it as the first chunk of a letter (null: taken, as an empty chunk), and later. */
  emptyChunk: { first: ReplyKey | null; later: ReplyKey };
  /**
   * After a chunk of a letter is refused: 'only-rset' (every command but RSET and QUIT
   * gets R503_ONLY_RSET; a refused first chunk is forgotten instead) or 'discard' (each
   * further BDAT's chunk is dropped, R551_BDAT_DISCARDED, until the LAST one or RSET).
   */
  afterRefusal: 'only-rset' | 'discard';
  /** Between chunks, the verbs taken, any other getting R503_ONLY_BDAT; null: the sequence table's 'bdat' column decides. */
  betweenChunks: readonly Verb[] | null;
  /**
   * A letter over the size limit: 'declared' (a chunk that would pass it is refused before
   * it is read, R552_CHUNK_TOO_BIG) or 'crossed' (R552_TOO_BIG the moment it is passed).
   */
  sizeLimit: 'declared' | 'crossed';
  /** Where the server dies between chunks (on RSET, and on a BDAT it cannot read): the connection drops with no reply. */
  crashesBetweenChunks: boolean;
  /** Said when the connection ends (QUIT, too many errors) with a letter unfinished. */
  lostLetter: ReplyKey | null;
  /** The last chunk's reply counts, in the letter's total, the blank line the server adds where headers run straight into a body. */
  totalCountsAddedBlankLine: boolean;
}

export const EXTENSION_HABITS: Record<Personality['id'], ExtensionHabits> = {
  exim: {
    // smtp_in.c: with no acl_smtp_etrn (Debian sets none) every ETRN is refused by the
    // ACL check, which comes before the argument is looked at; "ETRN" alone gets it too.
    etrn: { checksArgument: false, answer: 'R458_ETRN_REFUSED' },
    // smtp_in.c: RET and ENVID are in Exim's list of MAIL options, but only read when
    // DSN was advertised (dsn_advertise_hosts; Debian sets none), so they are dropped.
    // On RCPT, NOTIFY and ORCPT are then unknown: "malformed address" (the golden's
    // dsn-parameters dialogue).
    dsnUnoffered: 'ignored',
    // smtp_in.c (BDAT_CMD, DATA_BDAT, bdat_getc, bdat_flush_data) and receive.c
    // (read_message_bdat_smtp), checked against the reference server by hand.
    chunking: {
      // chunking_state is only CHUNKING_OFFERED after an EHLO that offered it.
      unoffered: 'refuse',
      // sscanf(data, "%u %n"), then strcmpic(rest, "LAST").
      syntax: 'loose',
      malformed: 'R501_BDAT',
      // synprot_error(), then bdat_flush_data().
      refusals: 'at-once',
      // A first BDAT 0 is a chunk like any ("250 0 byte chunk received"); between chunks
      // it is 504, and then only RSET is taken.
      emptyChunk: { first: null, later: 'R504_BDAT_EMPTY' },
      afterRefusal: 'only-rset',
      // bdat_getc's own command loop: NOOP is answered there, QUIT and RSET end the letter.
      betweenChunks: ['BDAT', 'NOOP', 'QUIT', 'RSET'],
      // message_size_limit is checked as octets arrive. What is left of the chunk is then
      // read as commands sent too soon, and Exim answers 554 and hangs up (the session
      // does the same, whether or not octets are left).
      sizeLimit: 'crossed',
      // Exim 4.96 as Debian 12 ships it: where bdat_getc returns ERR (RSET, or BDAT with
      // no size, between chunks) the process dies of SIGSEGV, as its paniclog says.
      crashesBetweenChunks: true,
      // receive.c: the message ends in EOF: handle_lost_connection().
      lostLetter: 'R421_LOST_INPUT',
      // The total is message_size + message_linecount, which counts the line Exim adds.
      totalCountsAddedBlankLine: true,
    },
  },
  postfix: {
    // smtpd.c etrn_cmd: argc != 2 is 500, a bad name 501, and the default
    // fast_flush_domains ($relay_domains, empty) turns every domain down with 459.
    etrn: { checksArgument: true, answer: 'R459_ETRN_UNAVAILABLE' },
    // Postfix always offers DSN unless smtpd_discard_ehlo_keywords removes it; then it
    // answers "501 5.7.1 DSN support is disabled", which the sandbox does not model.
    dsnUnoffered: 'unsupported',
    // smtpd.c bdat_cmd and skip_bdat.
    chunking: {
      // Only smtpd_discard_ehlo_keywords turns CHUNKING off; HELO does not.
      unoffered: 'accept',
      // argc, alldig() and strcasecmp(argv[2], "LAST"): anything else is 521, and a hang-up.
      syntax: 'strict',
      malformed: 'R521_BDAT_SYNTAX',
      // skip_bdat() reads the chunk, then replies.
      refusals: 'after-chunk',
      emptyChunk: { first: 'R551_BDAT_EMPTY', later: 'R551_BDAT_EMPTY' },
      afterRefusal: 'discard',
      betweenChunks: null,
      // "Block too large chunks": act_size + chunk_size against message_size_limit.
      sizeLimit: 'declared',
      crashesBetweenChunks: false,
      lostLetter: null,
      totalCountsAddedBlankLine: false,
    },
  },
};

/** The habits of `personality`. */
export function extensionHabits(personality: Pick<Personality, 'id'>): ExtensionHabits {
  return EXTENSION_HABITS[personality.id];
}
