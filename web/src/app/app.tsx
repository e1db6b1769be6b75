/**
 * The playground page. For now it greets the learner and points to the sandbox on
 * port 2525; the post office and the live transcript come next.
 */
export function App() {
  return (
    <main className="mx-auto max-w-2xl p-8 font-sans text-slate-800">
      <h1 className="text-3xl font-bold">SMTP Playground</h1>
      <p className="mt-4">Learn how email is really sent by talking to a mail server yourself. The sandbox server is listening on port 2525:</p>
      <pre className="mt-4 rounded bg-slate-900 p-4 text-slate-100">
        <code>telnet localhost 2525</code>
      </pre>
      <p className="mt-4">
        Say <code className="text-red-700">HELO client.thm</code>, give a return address with{' '}
        <code className="text-red-700">MAIL FROM:&lt;you@client.thm&gt;</code>, a recipient with{' '}
        <code className="text-red-700">RCPT TO:&lt;friend@server.thm&gt;</code>, then <code className="text-red-700">DATA</code>, your letter, a line with only
        a dot, and <code className="text-red-700">QUIT</code>.
      </p>
      <p className="mt-4">
        Delivered messages appear at{' '}
        <a className="text-blue-700 underline" href="/api/messages">
          /api/messages
        </a>
        .
      </p>
    </main>
  );
}
