/**
 * POP3's state diagram as data (RFC 1939 3): AUTHORIZATION until a login is accepted,
 * TRANSACTION while mail is counted, fetched and marked, UPDATE when QUIT comes there
 * (only then is what DELE marked removed), then the connection closes. A QUIT before
 * logging in closes with no UPDATE. The diagram lights where the observer's POP3 view is.
 */
import type { Pop3View } from '@smtp-playground/shared';

export type Pop3Node = 'start' | 'authorization' | 'transaction' | 'update' | 'done';

/** Each state in the order a session passes through them: its name as RFC 1939 writes it, and what it means. */
export const POP3_NODES: readonly { node: Pop3Node; label: string; means: string }[] = [
  { node: 'start', label: 'connect', means: 'not connected yet, or waiting for the server’s +OK greeting' },
  { node: 'authorization', label: 'AUTHORIZATION', means: 'the server said +OK; say who you are (USER and PASS, or AUTH)' },
  { node: 'transaction', label: 'TRANSACTION', means: 'logged in: count (STAT, LIST), fetch (RETR, TOP) and mark (DELE) messages' },
  { node: 'update', label: 'UPDATE', means: 'QUIT was answered +OK: what DELE marked is removed now, and the connection closes' },
  { node: 'done', label: 'closed', means: 'the connection is closed; anything marked without a QUIT stays' },
];

export interface Pop3Move {
  label: string;
  from: Pop3Node;
  to: Pop3Node;
}

/** The moves, labelled with what makes them. */
export const POP3_MOVES: readonly Pop3Move[] = [
  { label: '+OK', from: 'start', to: 'authorization' },
  { label: 'USER + PASS', from: 'authorization', to: 'transaction' },
  { label: 'STAT LIST RETR TOP DELE RSET', from: 'transaction', to: 'transaction' },
  { label: 'QUIT', from: 'transaction', to: 'update' },
  { label: '+OK', from: 'update', to: 'done' },
  { label: 'QUIT', from: 'authorization', to: 'done' },
];

/** Where the observer's POP3 view sits on the diagram. After a QUIT answered in TRANSACTION, UPDATE: what it did is the point. */
export function pop3Node(view: Pop3View | null, greeted: boolean): Pop3Node {
  if (!view || (!greeted && view.state === 'authorization')) return 'start';
  if (view.quit && view.authenticated) return 'update';
  if (view.state === 'closed') return 'done';
  return view.state;
}
