/**
 * The server's fingerprint card: what it says about itself and how lenient it is,
 * beside what the sandbox says, each row where the two differ marked (a sign and
 * words, not colour alone). The rows are shared's, the same the command line prints.
 */
import { type Fingerprint, fingerprintRows } from '@smtp-playground/shared';
import { useId } from 'react';
import { TwoSidesHead } from './two-sides-head';

interface FingerprintCardProps {
  server: Fingerprint;
  sandbox: Fingerprint;
  serverTitle: string;
  sandboxTitle: string;
}

export function FingerprintCard({ server, sandbox, serverTitle, sandboxTitle }: FingerprintCardProps) {
  const id = useId();
  const theirs = fingerprintRows(server);
  const ours = fingerprintRows(sandbox);
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <h3 id={id} className="mb-2 text-lg font-semibold">
        Fingerprint of {serverTitle}
      </h3>
      <table aria-labelledby={id} className="w-full table-fixed border-collapse text-left text-sm">
        <TwoSidesHead first="What" firstWidth="w-48" left={serverTitle} right={sandboxTitle} />
        <tbody>
          {theirs.map((row, i) => {
            const other = ours[i];
            const differs = other !== undefined && other.value !== row.value;
            return (
              <tr key={row.label} className="border-b border-slate-100 align-top dark:border-slate-800">
                <th scope="row" className="py-1 pr-3 font-medium">
                  {row.label}
                  {differs && (
                    <>
                      <span aria-hidden="true" className="ml-1 text-red-800 dark:text-red-300">
                        ≠
                      </span>
                      <span className="sr-only"> (differs)</span>
                    </>
                  )}
                </th>
                <td className="py-1 pr-3 break-words">
                  <span className={row.label === 'Banner' || row.label === 'EHLO' ? 'font-mono' : ''}>{row.value}</span>
                  {row.evidence.length > 0 && row.label !== 'Banner' && (
                    <span className="block font-mono text-xs text-slate-600 dark:text-slate-400">
                      {row.evidence.map((e) => e.replace(/^S: /, '')).join(' / ')}
                    </span>
                  )}
                </td>
                <td className="py-1 break-words text-slate-700 dark:text-slate-300">{other?.value}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
