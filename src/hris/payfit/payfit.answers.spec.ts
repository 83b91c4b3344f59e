import type { HrisAnswer } from '../hris-http';
import { PAYFIT_RATE_LIMIT_WAIT_MS, contractIdOf, payfitFailure, payfitRateLimitWaitMs } from './payfit.answers';
import { collaboratorPageOf } from './payfit.client';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): HrisAnswer {
  return { status, body, text: body === null ? '' : JSON.stringify(body), headers: new Headers(headers) };
}

describe('payfitRateLimitWaitMs', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');

  it('waits the default when PayFit sends only its X-RateLimit-*-Second counters, as documented', () => {
    expect(payfitRateLimitWaitMs(new Headers({ 'X-RateLimit-Limit-Second': '20', 'X-RateLimit-Remaining-Second': '0' }), now)).toBe(
      PAYFIT_RATE_LIMIT_WAIT_MS,
    );
    expect(PAYFIT_RATE_LIMIT_WAIT_MS).toBeGreaterThanOrEqual(1000);
    expect(PAYFIT_RATE_LIMIT_WAIT_MS).toBeLessThanOrEqual(2000);
  });

  it('follows a reset header or a Retry-After when one is sent', () => {
    expect(payfitRateLimitWaitMs(new Headers({ 'X-RateLimit-Reset-Second': '3' }), now)).toBe(3000);
    expect(payfitRateLimitWaitMs(new Headers({ 'X-RateLimit-Reset-Second': String(now / 1000 + 5) }), now)).toBe(5000);
    expect(payfitRateLimitWaitMs(new Headers({ 'X-RateLimit-Reset-Second': '0' }), now)).toBe(1000);
    expect(payfitRateLimitWaitMs(new Headers({ 'X-RateLimit-Reset-Second': '86400' }), now)).toBe(60_000);
    expect(payfitRateLimitWaitMs(new Headers({ 'Retry-After': '4' }), now)).toBe(4000);
  });
});

describe('payfitFailure', () => {
  it('reads 429 as rate-limited, 5xx retryable, 401/403 authentication, 400 permanent with field errors', () => {
    expect(payfitFailure('x', answer(429, { message: 'API rate limit exceeded' }))).toMatchObject({
      kind: 'rate_limited',
      delayMs: PAYFIT_RATE_LIMIT_WAIT_MS,
    });
    expect(payfitFailure('x', answer(502, null))).toMatchObject({ kind: 'retryable', httpStatus: 502 });
    expect(payfitFailure('x', answer(403, { message: 'Forbidden' }))).toMatchObject({ kind: 'permanent', authenticationFailed: true });
    const refused = payfitFailure(
      'the collaborator create',
      answer(400, { message: 'Bad', errors: [{ field: 'lastName', message: 'required' }] }),
    );
    expect(refused).toMatchObject({ kind: 'permanent', fieldErrors: [{ field: 'lastName', message: 'required' }] });
    expect(refused.message).toBe('PayFit answered 400 to the collaborator create: Bad');
  });
});

describe('contractIdOf', () => {
  it('takes the id when PayFit answers one, null for a 201 with an empty body', () => {
    expect(contractIdOf(answer(201, { id: 'k1' }))).toBe('k1');
    expect(contractIdOf(answer(201, { contractId: 42 }))).toBe('42');
    expect(contractIdOf(answer(201, null))).toBeNull();
  });
});

describe('collaboratorPageOf', () => {
  it('reads the page token under meta or at the top, and every email a collaborator carries', () => {
    const item = {
      id: 'c1',
      firstName: 'Ana',
      lastName: 'B',
      emails: [{ email: 'Ana@Perso.fr', type: 'personal' }, 'ana@work.fr'],
      contracts: [{ id: 'k', email: 'ana@contract.fr' }],
    };
    expect(collaboratorPageOf({ collaborators: [item], meta: { nextPageToken: 't2' } })).toEqual({
      collaborators: [
        { id: 'c1', firstName: 'Ana', lastName: 'B', emails: ['ana@perso.fr', 'ana@work.fr', 'ana@contract.fr'], contractCount: 1 },
      ],
      nextPageToken: 't2',
    });
    expect(collaboratorPageOf({ collaborators: [{ id: 7 }], nextPageToken: 't3' })).toEqual({
      collaborators: [{ id: '7', firstName: null, lastName: null, emails: [], contractCount: null }],
      nextPageToken: 't3',
    });
    expect(collaboratorPageOf(null)).toEqual({ collaborators: [], nextPageToken: null });
  });
});
