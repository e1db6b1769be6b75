/** Renders a lesson's little Markdown (markdown.ts) as React elements: no HTML strings anywhere. */
import { parseMarkdown } from '../markdown';

export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className}>
      {parseMarkdown(text).map((pieces, p) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of fixed lesson text; their order is their identity
        <p key={p} className="mb-2 last:mb-0">
          {pieces.map((piece, i) =>
            piece.kind === 'code' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: as above
              <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.9em] dark:bg-slate-800">
                {piece.text}
              </code>
            ) : piece.kind === 'bold' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: as above
              <strong key={i}>{piece.text}</strong>
            ) : (
              piece.text
            ),
          )}
        </p>
      ))}
    </div>
  );
}
