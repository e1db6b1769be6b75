/** An RFC citation such as "RFC 5321 4.2.2; RFC 3463, code 5.1.1", each RFC linked to its text. */
export function RfcCite({ rfc }: { rfc: string }) {
  return (
    <>
      {rfc.split(/;\s*/).map((part, i) => {
        const m = /^RFC (\d+)(.*)$/.exec(part);
        return (
          <span key={part}>
            {i > 0 && '; '}
            {m ? (
              <>
                {/* A new tab: leaving this one would end the in-tab session. */}
                <a
                  href={`https://www.rfc-editor.org/rfc/rfc${m[1]}`}
                  target="_blank"
                  rel="noreferrer"
                  className="text-blue-700 underline hover:no-underline dark:text-blue-300"
                >
                  RFC {m[1]}
                  <span className="sr-only"> (opens in a new tab)</span>
                </a>
                {m[2]}
              </>
            ) : (
              part
            )}
          </span>
        );
      })}
    </>
  );
}
