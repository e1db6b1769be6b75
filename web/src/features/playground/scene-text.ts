/** What the post office shows at each step: the analogy, in our words, as data. */
import type { PostOfficeStep } from '@smtp-playground/shared';

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
