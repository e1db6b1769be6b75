/**
 * A message's MIME structure as a nested list: each part's type, transfer encoding,
 * size (still encoded, as it travelled), charset and file name; shared's mimeStructure
 * reads it from the header blocks alone. postal-mime flattens a message into text,
 * HTML and attachments; this shows how the boundaries nest them.
 */
import { type MimePart, mimeStructure } from '@smtp-playground/shared';
import { useMemo } from 'react';
import { tooLargeToRead } from '../../../stores/parsed-mail-store';

/** Octets in words a reader takes in at a glance. */
export function formatSize(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** The part's line: "text/plain · base64 · 28 bytes · utf-8 · minutes.txt (attachment)". */
function partLabel(p: MimePart): string {
  const words = [p.contentType, p.encoding, formatSize(p.size)];
  if (p.charset) words.push(p.charset);
  if (p.filename) words.push(p.disposition === 'attachment' ? `${p.filename} (attachment)` : p.filename);
  else if (p.disposition === 'attachment') words.push('attachment');
  return words.join(' · ');
}

function Part({ part }: { part: MimePart }) {
  return (
    <li>
      <span className="font-mono text-xs">{partLabel(part)}</span>
      {part.problems.map((problem) => (
        <p key={problem} className="text-xs text-amber-800 dark:text-amber-300">
          {problem}
        </p>
      ))}
      {part.parts.length > 0 && (
        <ul className="ml-3 border-l border-slate-300 pl-3 dark:border-slate-600">
          {part.parts.map((child, i) => (
            // Parts have no identity but their place.
            // biome-ignore lint/suspicious/noArrayIndexKey: a part's index is its identity here
            <Part key={i} part={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * The structure of `raw`, read once per message. Only for a message the page reads at
 * all (READ_LIMITS, parsed-mail-store.ts): beyond them the reading, cheap as it is per
 * line, would still run on the page's only thread.
 */
export function MimeTree({ raw }: { raw: Uint8Array }) {
  const root = useMemo(() => (tooLargeToRead(raw) === null ? mimeStructure(raw) : null), [raw]);
  return (
    <section aria-label="MIME structure" className="flex flex-col gap-2 rounded-lg border border-slate-300 p-3 text-sm dark:border-slate-600">
      <h3 className="font-semibold">MIME structure</h3>
      {root ? (
        <>
          <p className="text-xs text-slate-600 dark:text-slate-400">The parts the boundaries make, with each one’s type, transfer encoding and encoded size.</p>
          <ul aria-label="MIME parts" className="flex flex-col gap-1">
            <Part part={root} />
          </ul>
        </>
      ) : (
        <p className="text-xs">This message is too large for the page to read its structure; the raw source and the download have it all.</p>
      )}
    </section>
  );
}
