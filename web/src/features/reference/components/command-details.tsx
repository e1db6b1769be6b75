/**
 * What a command's card says, SMTP's or POP3's alike: what it does, how to write it, a
 * real example, the states it is taken in and where the RFC says so. What only one
 * protocol has (SMTP's out-of-order replies, the sandbox's notes) comes in as
 * `children`, before the RFC.
 */
import type { ReactNode } from 'react';
import { Detail } from './entry-card';
import { RfcCite } from './rfc-cite';

/** What both protocols' command entries have (CommandEntry, Pop3CommandEntry). */
interface Command {
  explain: string;
  syntax: string;
  example: string;
  valid: readonly string[];
  rfc: string;
}

export function CommandDetails({ command: c, children }: { command: Command; children?: ReactNode }) {
  return (
    <>
      <p>{c.explain}</p>
      <dl className="mt-2">
        <Detail term="Syntax">
          <code className="font-mono">{c.syntax}</code>
        </Detail>
        <Detail term="Example">
          <code className="font-mono text-red-700 dark:text-red-400">{c.example}</code>
        </Detail>
        <Detail term="Valid in">
          <ul aria-label="Valid in" className="flex flex-wrap gap-1">
            {c.valid.map((s) => (
              <li key={s} className="rounded-full border border-emerald-500 px-2 font-mono text-xs text-emerald-800 dark:text-emerald-300">
                {s}
              </li>
            ))}
          </ul>
        </Detail>
        {children}
        <Detail term="RFC">
          <RfcCite rfc={c.rfc} />
        </Detail>
      </dl>
    </>
  );
}
