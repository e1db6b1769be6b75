/**
 * The RFCs the teaching cites, each with its title and the sections it cites, each
 * with its title, as data: the citation test (shared/test/rfc-citations.test.ts) holds
 * every "RFC 5321 4.1.4" in the lessons, the reply catalogue, the explanations, the
 * scenarios, the page and the README to a section listed here, and every row here to a
 * citation.
 *
 * Rules:
 * - Only what is cited, and only as the RFC's own text has it: titles are copied from
 *   the RFC texts (their tables of contents and headings), spelling and all.
 * - A title that could not be checked against the RFC's text is null, never guessed.
 * - A citation is "RFC <number>", then optionally its sections: "RFC 5321 4.1.4",
 *   "RFC 5321 §4.1.4", "RFC 5321 3.1, 3.8", "RFC 5321 §4.5.3.1.4/.6/.7" (the last part
 *   of the number replaced), "RFC 5321 section 4.2". "RFC 3463, code 5.1.1" names a
 *   code, not a section: RFC 3463 defines its codes in sections 3.1 to 3.8, one per
 *   subject, and 5.1.1 is none of them.
 */

export interface RfcEntry {
  /** The RFC's title, or null where it could not be checked against its text. */
  title: string | null;
  /** Section number → its title, for the sections cited. */
  sections: Readonly<Record<string, string>>;
}

export const RFC_SECTIONS: Readonly<Record<number, RfcEntry>> = {
  821: { title: 'Simple Mail Transfer Protocol', sections: {} },
  959: { title: 'File Transfer Protocol (FTP)', sections: { '4.2': 'FTP Replies' } },
  1870: {
    title: 'SMTP Service Extension for Message Size Declaration',
    sections: { '6': 'The extended MAIL command' },
  },
  1939: {
    title: 'Post Office Protocol - Version 3',
    sections: {
      '3': 'Basic Operation',
      '4': 'The AUTHORIZATION State',
      '5': 'The TRANSACTION State',
      '6': 'The UPDATE State',
      '7': 'Optional POP3 Commands',
    },
  },
  1985: { title: 'SMTP Service Extension for Remote Message Queue Starting', sections: {} },
  2034: { title: 'SMTP Service Extension for Returning Enhanced Error Codes', sections: {} },
  2449: {
    title: 'POP3 Extension Mechanism',
    sections: { '4': 'Parameter and Response Lengths', '5': 'The CAPA Command', '6.3': 'SASL capability', '8': 'Extended POP3 Response Codes' },
  },
  2595: { title: 'Using TLS with IMAP, POP3 and ACAP', sections: { '4': 'POP3 STARTTLS extension' } },
  2920: { title: 'SMTP Service Extension for Command Pipelining', sections: {} },
  2045: {
    title: 'Multipurpose Internet Mail Extensions (MIME) Part One: Format of Internet Message Bodies',
    sections: { '4': 'MIME-Version Header Field', '6.8': 'Base64 Content-Transfer-Encoding' },
  },
  2046: {
    title: 'Multipurpose Internet Mail Extensions (MIME) Part Two: Media Types',
    sections: { '5.1.1': 'Common Syntax', '5.1.4': 'Alternative Subtype' },
  },
  3030: {
    title: 'SMTP Service Extensions for Transmission of Large and Binary MIME Messages',
    sections: { '2': 'Framework for the Large Message Extensions' },
  },
  3207: {
    title: 'SMTP Service Extension for Secure SMTP over Transport Layer Security',
    sections: { '4': 'The STARTTLS Command', '4.2': 'Result of the STARTTLS Command' },
  },
  3461: {
    title: 'Simple Mail Transfer Protocol (SMTP) Service Extension for Delivery Status Notifications (DSNs)',
    sections: {
      '4.1': 'The NOTIFY parameter of the ESMTP RCPT command',
      '4.2': 'The ORCPT parameter to the ESMTP RCPT command',
      '4.3': 'The RET parameter of the ESMTP MAIL command',
      '4.4': 'The ENVID parameter to the ESMTP MAIL command',
    },
  },
  3463: {
    title: 'Enhanced Mail System Status Codes',
    sections: {
      '2': 'Status Code Structure',
      '3.1': 'Other or Undefined Status',
      '3.2': 'Address Status',
      '3.3': 'Mailbox Status',
      '3.4': 'Mail system status',
      '3.5': 'Network and Routing Status',
      '3.6': 'Mail Delivery Protocol Status',
      '3.7': 'Message Content or Message Media Status',
      '3.8': 'Security or Policy Status',
    },
  },
  3464: {
    title: 'An Extensible Message Format for Delivery Status Notifications',
    sections: { '2': 'Format of a Delivery Status Notification' },
  },
  3848: { title: 'ESMTP and LMTP Transmission Types Registration', sections: {} },
  4616: { title: 'The PLAIN Simple Authentication and Security Layer (SASL) Mechanism', sections: {} },
  4954: {
    title: 'SMTP Service Extension for Authentication',
    sections: { '4': 'The AUTH Command', '6': 'Status Codes' },
  },
  5034: {
    title: 'The Post Office Protocol (POP3) Simple Authentication and Security Layer (SASL) Authentication Mechanism',
    sections: { '4': 'The AUTH Command' },
  },
  5248: { title: 'A Registry for SMTP Enhanced Mail System Status Codes', sections: {} },
  5321: {
    title: 'Simple Mail Transfer Protocol',
    sections: {
      '2.2.1': 'Background',
      '5.1': 'Locating the Target Host',
      '6.1': 'Reliable Delivery and Replies by Email',
      '2.3.8': 'Lines',
      '2.4': 'General Syntax Principles and Transaction Model',
      '3.1': 'Session Initiation',
      '3.3': 'Mail Transactions',
      '3.5.2': 'VRFY Normal Response',
      '3.5.3': 'Meaning of VRFY or EXPN Success Response',
      '3.6.2': 'Mail eXchange Records and Relaying',
      '3.8': 'Terminating Sessions and Connections',
      '4.1.1': 'Command Semantics and Syntax',
      '4.1.1.1': 'Extended HELLO (EHLO) or HELLO (HELO)',
      '4.1.1.2': 'MAIL (MAIL)',
      '4.1.1.3': 'RECIPIENT (RCPT)',
      '4.1.1.4': 'DATA (DATA)',
      '4.1.1.5': 'RESET (RSET)',
      '4.1.1.6': 'VERIFY (VRFY)',
      '4.1.1.7': 'EXPAND (EXPN)',
      '4.1.1.8': 'HELP (HELP)',
      '4.1.1.9': 'NOOP (NOOP)',
      '4.1.1.10': 'QUIT (QUIT)',
      '4.1.1.11': 'Mail-Parameter and Rcpt-Parameter Error Responses',
      '4.1.2': 'Command Argument Syntax',
      '4.1.4': 'Order of Commands',
      '4.2': 'SMTP Replies',
      '4.2.1': 'Reply Code Severities and Theory',
      '4.2.2': 'Reply Codes by Function Groups',
      '4.2.3': 'Reply Codes in Numeric Order',
      '4.2.4': 'Reply Code 502',
      '4.3.1': 'Sequencing Overview',
      '4.4': 'Trace Information',
      '4.5.2': 'Transparency',
      '4.5.3.1.4': 'Command Line',
      '4.5.3.1.6': 'Text Line',
      '4.5.3.1.7': 'Message Content',
      '4.5.3.1.9': 'Treatment When Limits Exceeded',
      '4.5.3.1.10': 'Too Many Recipients Code',
      '4.5.3.2.7': 'Server Timeout: 5 Minutes.',
      '4.5.4.1': 'Sending Strategy',
      '7.1': 'Mail Security and Spoofing',
      '7.3': 'VRFY, EXPN, and Security',
    },
  },
  5322: {
    title: 'Internet Message Format',
    sections: {
      '2.1.1': 'Line Length Limits',
      '3.3': 'Date and Time Specification',
      '3.6': 'Field Definitions',
      '3.6.1': 'The Origination Date Field',
      '3.6.4': 'Identification Fields',
    },
  },
  6152: { title: 'SMTP Service Extension for 8-bit MIME Transport', sections: {} },
  6376: { title: 'DomainKeys Identified Mail (DKIM) Signatures', sections: { '3.7': 'Computing the Message Hashes' } },
  6409: { title: 'Message Submission for Mail', sections: { '8': 'Message Modifications' } },
  6531: { title: 'SMTP Extension for Internationalized Email', sections: {} },
  6647: { title: null, sections: {} },
  7489: {
    title: 'Domain-based Message Authentication, Reporting, and Conformance (DMARC)',
    sections: { '6.3': 'General Record Format', '6.6.2': 'Determine Handling Policy' },
  },
  7504: { title: 'SMTP 521 and 556 Reply Codes', sections: {} },
  7505: {
    title: 'A "Null MX" No Service Resource Record for Domains That Accept No Mail',
    sections: { '3': 'MX Resource Records Specifying Null MX', '4.1': 'SMTP Server Benefits' },
  },
  8314: { title: 'Cleartext Considered Obsolete: Use of Transport Layer Security (TLS) for Email Submission and Access', sections: {} },
  8601: { title: 'Message Header Field for Indicating Message Authentication Status', sections: {} },
  9051: { title: 'Internet Message Access Protocol (IMAP) - Version 4rev2', sections: {} },
  9110: { title: 'HTTP Semantics', sections: { '15': 'Status Codes' } },
};

/** One citation found in a text: the RFC, the section (null for the RFC as a whole), and where it starts. */
export interface RfcCitation {
  rfc: number;
  section: string | null;
  /** The citation as written, for messages. */
  text: string;
  index: number;
}

const SP = '[ \\u00a0]';
const NUMBER = '\\d+(?:\\.\\d+)*(?:\\/\\.\\d+)*';
/** After the RFC's number: a space or "§", or ", section"; then a section number; then more after "," or "and". */
const CITATION = new RegExp(
  `RFC${SP}?(\\d{3,5})((?:${SP}*§${SP}?|,?${SP}+[Ss]ections?${SP}+|${SP}+)${NUMBER}(?:(?:,${SP}*|${SP}+and${SP}+)§?${SP}?${NUMBER})*)?`,
  'g',
);

/**
 * Every RFC citation in `text`, one per section it names ("RFC 5321 3.1, 3.8" is two),
 * with "/.6" read as the cited number with its last part replaced.
 * @example rfcCitations('RFC 5321 §4.5.3.1.4/.6').map((c) => c.section) // ['4.5.3.1.4', '4.5.3.1.6']
 */
export function rfcCitations(text: string): RfcCitation[] {
  const out: RfcCitation[] = [];
  for (const m of text.matchAll(CITATION)) {
    const rfc = Number(m[1]);
    const tail = m[2] ?? '';
    const numbers = [...tail.matchAll(/(\d+(?:\.\d+)*)((?:\/\.\d+)*)/g)];
    if (numbers.length === 0) out.push({ rfc, section: null, text: m[0], index: m.index });
    for (const [, first, shortened] of numbers) {
      const section = first as string;
      out.push({ rfc, section, text: m[0], index: m.index });
      const stem = section.split('.').slice(0, -1).join('.');
      for (const [, last] of (shortened as string).matchAll(/\/\.(\d+)/g)) out.push({ rfc, section: `${stem}.${last}`, text: m[0], index: m.index });
    }
  }
  return out;
}
