/**
 * Reply lines as they go over the wire, with the catalogue's {placeholders} marked as
 * variables: the sandbox fills them in (the legend is in the replies section).
 */
export function WireLines({ lines }: { lines: readonly string[] }) {
  return (
    <code className="block whitespace-pre-wrap break-words font-mono text-[13px]">
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a reply's lines are fixed; their order is their identity
        <span key={i} className="block">
          {line.split(/(\{\w+\})/).map((piece, j) =>
            /^\{\w+\}$/.test(piece) ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: as above
              <var key={j} className="rounded bg-slate-200 px-0.5 not-italic text-slate-800 dark:bg-slate-700 dark:text-slate-100">
                {piece}
              </var>
            ) : (
              piece
            ),
          )}
        </span>
      ))}
    </code>
  );
}
