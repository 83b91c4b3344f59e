import { FaultQueue } from './fault-queue';
import { faultsFrom } from './fault-spec';
import { Answer } from './http-io';
import { Fault } from './mock-sirh.types';

/** Not part of the SIRH contract: lets a demo or a test script faults into a running mock over HTTP. */
export const FAULTS_PATH = '/__faults';

/**
 * `GET /__faults` shows the faults in force; `DELETE` clears them; `POST` takes a JSON object with any of
 * `faults` (one-shot, in order), `mode` (every POST /employees until null) and `failRate` (0 to 1, with
 * `failRateFault`, 503 by default). Faults are the in-process JSON shapes or their text form ("503x2").
 */
export function handleFaultControl(method: string, rawBody: string, faults: FaultQueue): Answer {
  if (method === 'GET') return { status: 200, body: faults.state() };
  if (method === 'DELETE') {
    faults.reset();
    return { status: 200, body: faults.state() };
  }
  if (method !== 'POST') return { status: 405, body: { error: 'use GET, POST or DELETE' }, headers: { allow: 'GET, POST, DELETE' } };

  let body: Record<string, unknown>;
  try {
    body = JSON.parse(rawBody) as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
  } catch {
    return { status: 400, body: { error: 'body must be a JSON object: {"faults": [...], "mode": ..., "failRate": ...}' } };
  }
  const unknown = Object.keys(body).filter((k) => !['faults', 'mode', 'failRate', 'failRateFault'].includes(k));
  if (unknown.length > 0) return { status: 400, body: { error: `unknown field(s): ${unknown.join(', ')}` } };

  // Everything is checked before anything changes, so a typo leaves the faults as they were.
  try {
    const queued = body.faults === undefined ? [] : (Array.isArray(body.faults) ? body.faults : [body.faults]).flatMap(faultsFrom);
    const mode = body.mode === undefined || body.mode === null ? body.mode : single(body.mode, 'mode');
    const rateFault = body.failRateFault === undefined ? undefined : single(body.failRateFault, 'failRateFault');
    const probe = new FaultQueue();
    if (body.failRate !== undefined) probe.setFailRate(body.failRate as number, rateFault);

    faults.enqueue(queued);
    if (mode !== undefined) faults.setMode(mode);
    if (body.failRate !== undefined) faults.setFailRate(body.failRate as number, rateFault);
  } catch (err) {
    return { status: 400, body: { error: (err as Error).message } };
  }
  return { status: 200, body: faults.state() };
}

function single(value: unknown, field: string): Fault {
  const list = faultsFrom(value);
  if (list.length !== 1) throw new Error(`${field} takes one fault, not a count`);
  return list[0];
}
