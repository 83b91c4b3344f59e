import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';

const STATUS_OF: Record<string, { code: number; text: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { code: 408, text: 'Request Timeout' },
  HPE_HEADER_OVERFLOW: { code: 431, text: 'Request Header Fields Too Large' },
};
const BAD_REQUEST = { code: 400, text: 'Bad Request' };

/**
 * Node's `clientError` handler: answers a request cut off by a time-out (408) or a malformed one
 * (400, 431) and closes its socket. These ends are logged at `warn`, without a stack, at most once
 * a minute per source address, so thousands of stalled uploads cannot flood the logs.
 */
/** `logger` is read when an error happens: the service's logger does not exist yet when the server is built. */
export function clientErrorHandler(logger: () => Logger): (err: NodeJS.ErrnoException, socket: Socket) => void {
  const oncePerMinute = new RateLimiterMemory({ points: 1, duration: 60 });
  const log = (source: string, code: string) =>
    oncePerMinute.consume(source).then(
      () =>
        logger().warn(
          { source, code },
          'client connection ended by the server (further ones from this source are not logged for a minute)',
        ),
      () => undefined,
    );

  return (err, socket) => {
    // A reset by the client: nothing to answer, nothing worth a log line.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const status = STATUS_OF[err.code ?? ''] ?? BAD_REQUEST;
    void log(socket.remoteAddress ?? 'unknown', err.code ?? 'unknown');
    // A response already under way (an error answered while its body was being discarded) cannot take a second one.
    const responding = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (socket.writable && !responding) {
      const body = JSON.stringify({ statusCode: status.code, error: status.text });
      socket.write(
        `HTTP/1.1 ${status.code} ${status.text}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
