import { Webhook } from 'standardwebhooks';
import { SIGNATURE_TOLERANCE_SECONDS, signStandardWebhook, verifyStandardWebhook } from './standard-webhooks-signature';

/**
 * Signatures made by implementations we did not write: the specification's example and the
 * official `standardwebhooks` package. A key-decoding or message-layout bug in our verifier
 * cannot hide behind the same bug in our own signer.
 */

// The example of the Standard Webhooks specification (spec/standard-webhooks.md, "Signature scheme").
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const SECRET = `whsec_${Buffer.from('hirebridge-signing-secret-32-byt').toString('base64')}`;
const OTHER_SECRET = `whsec_${Buffer.from('another-signing-secret-of-32-byt').toString('base64')}`;
const NOW = 1_764_500_000;
const BODY = JSON.stringify({ event: 'drag_applicant', company_id: 60, data: { candidate: { firstname: 'Zoé' } } });

/** Headers as the official library signs them. */
function peerSigned(secret: string, id: string, timestamp: number, body: string) {
  return { id, timestamp: String(timestamp), signature: new Webhook(secret).sign(id, new Date(timestamp * 1000), body) };
}
const verify = (headers: { id?: string; timestamp?: string; signature?: string }, body = BODY, now = NOW) =>
  verifyStandardWebhook(SECRET, headers, Buffer.from(body), now);

describe('Standard Webhooks signature, against a peer implementation', () => {
  it("accepts the specification's example", () => {
    const headers = { id: SPEC.id, timestamp: String(SPEC.timestamp), signature: SPEC.signature };
    expect(verifyStandardWebhook(SPEC.secret, headers, Buffer.from(SPEC.body), SPEC.timestamp)).toEqual({ ok: true });
    // The official library agrees on the same vector, so the vector itself is right.
    expect(new Webhook(SPEC.secret).sign(SPEC.id, new Date(SPEC.timestamp * 1000), SPEC.body)).toBe(SPEC.signature);
  });

  it('accepts a delivery signed by the official library, bytes as sent (non-ASCII included)', () => {
    expect(verify(peerSigned(SECRET, 'msg_1', NOW, BODY))).toEqual({ ok: true });
  });

  it('refuses a tampered body, id or timestamp', () => {
    const headers = peerSigned(SECRET, 'msg_2', NOW, BODY);
    expect(verify(headers, BODY.replace('Zoé', 'Zoe'))).toMatchObject({ ok: false, reason: 'no matching v1 signature' });
    expect(verify({ ...headers, id: 'msg_3' })).toMatchObject({ ok: false });
    expect(verify({ ...headers, timestamp: String(NOW + 1) }, BODY, NOW + 1)).toMatchObject({ ok: false });
  });

  it('refuses the same id, timestamp and body signed with another key', () => {
    const good = peerSigned(SECRET, 'msg_4', NOW, BODY);
    const wrongKey = peerSigned(OTHER_SECRET, 'msg_4', NOW, BODY);
    expect(verify(good)).toEqual({ ok: true });
    expect(verify(wrongKey)).toEqual({ ok: false, reason: 'no matching v1 signature' });
  });

  it('refuses a stale or future timestamp beyond the tolerance, accepts one at its edge', () => {
    const at = (offset: number) => verify(peerSigned(SECRET, 'msg_5', NOW + offset, BODY));
    expect(at(-SIGNATURE_TOLERANCE_SECONDS)).toEqual({ ok: true });
    expect(at(SIGNATURE_TOLERANCE_SECONDS)).toEqual({ ok: true });
    expect(at(-SIGNATURE_TOLERANCE_SECONDS - 1)).toEqual({ ok: false, reason: 'webhook-timestamp outside the tolerance' });
    expect(at(SIGNATURE_TOLERANCE_SECONDS + 1)).toEqual({ ok: false, reason: 'webhook-timestamp outside the tolerance' });
  });

  it('refuses a timestamp that is not a plain number of seconds', () => {
    const headers = peerSigned(SECRET, 'msg_6', NOW, BODY);
    for (const timestamp of ['', 'abc', `${NOW}.5`, `-${NOW}`, `${NOW}abc`, ` ${NOW}`, '1e9', new Date(NOW * 1000).toISOString()]) {
      expect({ timestamp, check: verify({ ...headers, timestamp }) }).toMatchObject({ timestamp, check: { ok: false } });
    }
  });

  it('accepts a header carrying several signatures when one of them matches (key rotation)', () => {
    const current = peerSigned(SECRET, 'msg_7', NOW, BODY).signature;
    const old = peerSigned(OTHER_SECRET, 'msg_7', NOW, BODY).signature;
    expect(verify({ id: 'msg_7', timestamp: String(NOW), signature: `${old} ${current}` })).toEqual({ ok: true });
    expect(verify({ id: 'msg_7', timestamp: String(NOW), signature: `${current} ${old}` })).toEqual({ ok: true });
    // Other versions are skipped, not mistaken for v1; none matching is a refusal.
    const withSignatures = (signature: string) => verify({ id: 'msg_7', timestamp: String(NOW), signature });
    expect(withSignatures(`${current.replace('v1,', 'v1a,')} ${old}`)).toMatchObject({ ok: false });
    expect(withSignatures(`v1,${'A'.repeat(44)} ${old}`)).toMatchObject({ ok: false });
  });

  it('refuses missing headers', () => {
    const headers = peerSigned(SECRET, 'msg_8', NOW, BODY);
    expect(verify({ ...headers, id: undefined })).toMatchObject({ ok: false });
    expect(verify({ ...headers, signature: undefined })).toMatchObject({ ok: false });
    expect(verify({ ...headers, timestamp: undefined })).toMatchObject({ ok: false });
  });

  it('signs (for operators checking their proxy) what the official library verifies', () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'msg_9',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(SECRET, 'msg_9', timestamp, BODY),
    };
    expect(new Webhook(SECRET).verify(BODY, headers)).toEqual(JSON.parse(BODY));
  });
});
