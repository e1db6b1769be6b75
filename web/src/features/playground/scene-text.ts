/** What the post office shows at each step: the analogy, in our words, as data. */
import type { Pop3Step, PostOfficeStep } from '@smtp-playground/shared';

export const STEPS: readonly { step: PostOfficeStep; label: string; smtp: string }[] = [
  { step: 'arrive', label: 'Arrive', smtp: 'connect, 220' },
  { step: 'greet', label: 'Greet the clerk', smtp: 'HELO / EHLO' },
  { step: 'return-address', label: 'Return address', smtp: 'MAIL FROM' },
  { step: 'recipients', label: 'Recipients', smtp: 'RCPT TO' },
  { step: 'letter', label: 'Hand over the letter', smtp: 'DATA … .' },
  { step: 'sealed', label: 'Sealed, with a receipt', smtp: '250 queued' },
  { step: 'leave', label: 'Leave', smtp: 'QUIT, 221' },
];

/** The clerk's words at each step (the server's reply, as a person would say it). */
export const CLERK_SAYS: Record<PostOfficeStep, string> = {
  outside: 'The post office is closed. Connect to walk in.',
  arrive: 'Welcome! Please introduce yourself (HELO or EHLO).',
  greet: 'Nice to meet you. What is the return address for your letter? (MAIL FROM)',
  'return-address': 'Got the return address. Who is the letter for? (RCPT TO)',
  recipients: 'Noted. Anyone else? When you are done, hand me the letter (DATA).',
  letter: 'Go ahead: headers, a blank line, the body, and a lone dot when you are done.',
  sealed: 'Sealed and in the mailbag. Here is your receipt. Another letter, or QUIT?',
  leave: 'Goodbye! Connect again to come back in.',
};

/** Collecting mail from your PO box (POP3): the steps of the visit. */
export const POP3_STEPS: readonly { step: Pop3Step; label: string; smtp: string }[] = [
  { step: 'arrive', label: 'Arrive', smtp: 'connect, +OK' },
  { step: 'key', label: 'Show your key', smtp: 'USER, PASS' },
  { step: 'counted', label: 'Count the letters', smtp: 'STAT, LIST' },
  { step: 'taken', label: 'Take one out', smtp: 'RETR' },
  { step: 'marked', label: 'Mark it for throwing away', smtp: 'DELE' },
  { step: 'leave', label: 'Leave', smtp: 'QUIT' },
];

/** The clerk's words at each step of the collecting visit; `leave-kept`: left with nothing thrown away. */
export const CLERK_SAYS_POP3: Record<Pop3Step | 'outside' | 'leave-kept', string> = {
  outside: 'The post office is closed. Connect to walk in.',
  arrive: 'Welcome! Which PO box is yours? Show me your key: USER with the name, then PASS.',
  key: 'Your key fits: the box is open. Count your letters? (STAT or LIST)',
  counted: 'That is what is in your box. Take one out to read it (RETR 1).',
  taken: 'Here it is to read. It stays in your box until you mark it to throw away (DELE).',
  marked: 'Marked for throwing away. It goes only when you leave properly (QUIT); RSET takes the mark back.',
  leave: 'Goodbye! The letters you marked are in the wastebasket now.',
  'leave-kept': 'Goodbye! Nothing was thrown away.',
};
