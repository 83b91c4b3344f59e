import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * An error answered before the request's body was read (401 before a webhook body, 413 for one
 * too large) is sent only once the rest of the body has arrived and been thrown away. Closing
 * with unread bytes makes the kernel reset the connection, and clients that write the whole body
 * before reading (Python's http.client, Node's fetch) then see EPIPE instead of the answer, and
 * a webhook sender retries forever. Beyond `discardLimitBytes` the connection is cut, and the
 * request time-out bounds how long a slow sender is waited for.
 */
export function answerErrorsAfterTheBody(fastify: FastifyInstance, discardLimitBytes: number): void {
  fastify.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode >= 400 && !req.raw.complete) await discardRest(req.raw, discardLimitBytes);
    return payload;
  });
}

function discardRest(body: IncomingMessage, limit: number): Promise<void> {
  return new Promise((resolve) => {
    if (body.complete || body.destroyed) return resolve();
    let seen = 0;
    const done = () => {
      body.off('data', onData).off('end', done).off('close', done).off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) {
        body.socket.destroy();
        done();
      }
    };
    body.on('data', onData).once('end', done).once('close', done).once('error', done);
    body.resume();
  });
}
