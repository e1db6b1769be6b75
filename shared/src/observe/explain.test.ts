import { describe, expect, it } from 'vitest';
import { parseCommand, VERBS } from '../protocol/command.js';
import { REPLIES, type ReplyKey, renderReply } from '../protocol/replies.js';
import { exim } from '../server/personalities/exim.js';
import { postfix } from '../server/personalities/postfix.js';
import { COMMAND_STATES, SEQUENCE } from '../server/states.js';
import { COMMAND_EXPLANATIONS, COMMAND_SYNTAX, commandSequence, explainReply, identifyReply } from './explain.js';

describe('command reference data', () => {
  it('gives every verb a syntax and an example that parses as that verb', () => {
    for (const verb of VERBS) {
      const { syntax, example } = COMMAND_SYNTAX[verb];
      expect(syntax.startsWith(verb), verb).toBe(true);
      const parsed = parseCommand(example);
      expect(parsed, `${verb}: ${example}`).toMatchObject({ ok: true, command: { verb } });
    }
  });

  it('explains every verb and cites an RFC', () => {
    for (const verb of VERBS) expect(COMMAND_EXPLANATIONS[verb].rfc, verb).toMatch(/^RFC \d+/);
  });
});

describe('commandSequence', () => {
  it('reads the 503s off the sequence table, state by state', () => {
    for (const verb of VERBS) {
      const row = commandSequence(verb);
      expect(Object.keys(row), verb).toEqual([...COMMAND_STATES]);
      for (const state of COMMAND_STATES) {
        const table = SEQUENCE[verb][state];
        if (table) expect(row[state], `${verb} in ${state}`).toBe(table);
      }
    }
  });

  it('allows RCPT once MAIL is given, and refuses it before with 503 need MAIL', () => {
    expect(commandSequence('RCPT')).toEqual({ greeting: 'R503_NEED_MAIL', ready: 'R503_NEED_MAIL', mail: null, rcpt: null, bdat: 'R503_RCPT_AFTER_BDAT' });
  });

  it('holds DATA out of order until a recipient is accepted, as the handler does', () => {
    expect(commandSequence('DATA')).toEqual({
      greeting: 'R503_NEED_RCPT',
      ready: 'R503_NEED_RCPT',
      mail: 'R503_NEED_RCPT',
      rcpt: null,
      bdat: 'R503_DATA_AFTER_BDAT',
    });
  });

  it('agrees with what explainReply says about a 503', () => {
    for (const verb of VERBS) {
      for (const state of COMMAND_STATES) {
        const key = commandSequence(verb)[state];
        if (key) expect(explainReply(verb, 503, undefined, state).key, `${verb} in ${state}`).toBe(key);
      }
    }
  });

  it('allows HELO, EHLO, RSET, NOOP and QUIT in every command state', () => {
    for (const verb of ['HELO', 'EHLO', 'RSET', 'NOOP', 'QUIT'] as const)
      expect(Object.values(commandSequence(verb)), verb).toEqual([null, null, null, null, null]);
  });
});

describe('identifyReply', () => {
  const h = {
    host: 'example.thm',
    ip: '10.0.0.1',
    client: 'client.thm',
    address: 'someone@server.thm',
    id: 'X',
    param: 'FOO',
    detail: 'd',
    verb: 'V',
    size: 1,
  };

  it('finds every catalogue reply by the words each personality sends it with, in the context it answers', () => {
    // Exim words some replies as nothing but the detail ("{detail}"): those are known by what they answer.
    const contexts: Partial<Record<ReplyKey, string>> = {
      R501_MAIL: 'MAIL',
      R501_RCPT: 'RCPT',
      R501_PARAMETERS: 'MAIL',
      R334_CHALLENGE: 'AUTH',
      R250_HELO: 'HELO',
      R250_EHLO: 'EHLO',
      R252_VRFY: 'VRFY',
      R250_QUEUED: 'data-end',
      R250_RCPT_OK: 'RCPT',
      R250_MAIL_OK: 'MAIL',
      R250_RSET: 'RSET',
      R250_NOOP: 'NOOP',
    };
    for (const p of [exim, postfix]) {
      for (const key of Object.keys(REPLIES) as ReplyKey[]) {
        const r = renderReply(key, p, h, false);
        const found = identifyReply(contexts[key] ?? 'unknown', r.code, r.lines[0]);
        // Several entries may share the words (Exim says "OK" to MAIL and NOOP; Postfix's AUTH and
        // the neutral STARTTLS refusal read alike): then it must be one whose words these are.
        const same = (Object.keys(REPLIES) as ReplyKey[]).filter((k) =>
          [null, exim, postfix].some((q) => {
            const o = renderReply(k, q, h, false);
            return o.code === r.code && o.lines[0] === r.lines[0];
          }),
        );
        // Words that are all placeholders ("{address}: {detail}") name no entry; what it answers may name another.
        const literal = renderReply(key, p, {}, false).lines[0]?.replace(/\{\w+\}/g, '') ?? '';
        if (!/[A-Za-z]{2}/.test(literal)) continue;
        expect(same, `${p.id} ${key}: ${r.code} ${r.lines[0]}`).toContain(found);
      }
    }
  });

  it('tells the 421s at connect time apart by their words, and explains an unknown one as service not available', () => {
    for (const p of [exim, postfix]) {
      for (const key of ['R421_TOO_MANY_CONNECTIONS', 'R421_TOO_MANY_FROM_CLIENT', 'R421_SHUTTING_DOWN'] as const) {
        const r = renderReply(key, p, h, false);
        expect(identifyReply('connect', 421, r.lines[0]), `${p.id} ${r.lines[0]}`).toBe(key);
      }
    }
    expect(identifyReply('connect', 421, 'mx.example.org Try again later')).toBe('R421_SHUTTING_DOWN');
    expect(explainReply('connect', 421, undefined, 'connecting', 'mx.example.org Try again later').text).toMatch(/^Service not available/);
    expect(explainReply('connect', 421).text).not.toMatch(/mistakes/);
  });

  it('names the 421 after silence and the one after too many errors', () => {
    expect(identifyReply('unknown', 421, 'example.thm: SMTP command timeout - closing connection')).toBe('R421_TIMEOUT');
    expect(identifyReply('unknown', 421, 'example.thm Error: timeout exceeded')).toBe('R421_TIMEOUT');
    expect(identifyReply('NOOP', 421, 'example.thm Error: too many errors')).toBe('R421_TOO_MANY_ERRORS');
  });

  it('prefers what the reply answers where the words are shared', () => {
    expect(identifyReply('RSET', 250, 'Ok')).toBe('R250_RSET');
    expect(identifyReply('MAIL', 250, 'Ok')).toBe('R250_MAIL_OK');
    expect(identifyReply('AUTH', 503, 'Error: MAIL transaction in progress', 'rcpt')).toBe('R503_AUTH_IN_TRANSACTION');
  });
});
