import { startHugeAnswerServer } from '../../test/support/huge-answer-server';
import { readCappedBody } from './read-capped-body';

describe('readCappedBody', () => {
  it('reads a small answer whole', async () => {
    const res = new Response('{"id":"emp_1"}');
    expect(await readCappedBody(res)).toBe('{"id":"emp_1"}');
  });

  it('reads an empty answer as empty text', async () => {
    expect(await readCappedBody(new Response(null, { status: 204 }))).toBe('');
  });

  it('stops at the limit and leaves the rest of a 400 MB answer unread', async () => {
    const server = await startHugeAnswerServer(500, 400 * 1024 * 1024);
    try {
      const text = await readCappedBody(await fetch(server.url), 64 * 1024);
      expect(Buffer.byteLength(text)).toBe(64 * 1024);
      expect(text.startsWith('{"error":"xxx')).toBe(true);
      // The rest was not read: the client closed the connection, long before 400 MB went through.
      await server.cutShort(1);
      expect(server.sent[0]).toBeLessThan(32 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });
});
