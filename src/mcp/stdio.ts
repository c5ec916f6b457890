/** The MCP server on stdin/stdout: framing answered here, protocol only on stdout. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { MessageLines, type Reply } from './framing.js';
import { createServer } from './server.js';

/**
 * Serves on stdin/stdout until the client closes stdin. A line that is not JSON-RPC gets a parse
 * error answer (JSON-RPC's -32700) and the server reads on.
 */
export async function serveStdio(root: string): Promise<void> {
  // Only protocol messages may go to stdout: anything a library logs goes to stderr.
  console.log = console.error;
  console.info = console.error;
  const server = createServer(root);
  const reply: Reply = (id, code, message) => {
    process.stderr.write(`git-session mcp: ${message}\n`);
    process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } })}\n`);
  };
  // Bad and oversized lines are answered here; the SDK sees only well-formed messages.
  const input = process.stdin.pipe(new MessageLines(reply));
  const transport = new StdioServerTransport(input, process.stdout);
  transport.onerror = (err) => {
    process.stderr.write(
      `git-session mcp: ${String(err?.message ?? err)
        .replace(/\s+/g, ' ')
        .slice(0, 300)}\n`,
    );
  };
  const closed = new Promise<void>((resolve) => {
    input.on('end', resolve);
    process.stdin.on('close', resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
