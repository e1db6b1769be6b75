/**
 * The column heads of a table that sets the server beside the sandbox: a first column
 * named for screen readers only (what the row is), then one column a side.
 */
interface TwoSidesHeadProps {
  /** The first column's name, for screen readers. */
  first: string;
  /** Its width. */
  firstWidth: string;
  left: string;
  right: string;
  className?: string;
}

export function TwoSidesHead({ first, firstWidth, left, right, className = '' }: TwoSidesHeadProps) {
  return (
    <thead>
      <tr className={`border-b border-slate-300 dark:border-slate-600 ${className}`}>
        <th scope="col" className={`${firstWidth} py-1`}>
          <span className="sr-only">{first}</span>
        </th>
        <th scope="col" className="py-1 pr-3 font-semibold">
          {left}
        </th>
        <th scope="col" className="py-1 font-semibold">
          {right}
        </th>
      </tr>
    </thead>
  );
}
