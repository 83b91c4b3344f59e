import type { EmployeeRecord } from '../../employees/employee-record';
import { ConnectionCheck, HrisConnector, PushOptions, PushOutcome, PushProgress } from '../hris-connector';
import { HrisFailure } from '../hris-failure';
import { HrisAnswer, excerpt } from '../hris-http';
import { collaboratorIdOf, contractIdOf, isSuccess, payfitFailure } from './payfit.answers';
import { PayfitClient, PayfitCollaborator, collaboratorPageOf } from './payfit.client';
import { PayfitContractPayload, toPayfitPayloads } from './payfit.payload';

/** Progress steps of a PayFit push, recorded before the connector goes on. */
export const PAYFIT_STEPS = {
  /** Before the collaborator create: an unanswered create is then resolved by a look-up. */
  createSent: 'createSent',
  /** `{collaboratorId}`: the collaborator exists; only the contract may be missing. */
  collaboratorCreated: 'collaboratorCreated',
  /** `{collaboratorId, attempt}`: before the contract create. */
  contractSent: 'contractSent',
  /** `{attempt, status}`: PayFit refused that contract create, so it made no contract. */
  contractRefused: 'contractRefused',
  /** `{collaboratorId, contractId?}`: the draft contract exists; the push is complete. */
  contractCreated: 'contractCreated',
} as const;

/**
 * Look-up pages read, unfiltered, before concluding a person is not in PayFit (50 a page: 10,000
 * collaborators, beyond any PayFit customer's size; a larger roster is created without the full scan).
 */
export const MAX_PAYFIT_SCAN_PAGES = 200;

interface Found {
  collaborator: PayfitCollaborator;
  answer: HrisAnswer;
}

/**
 * PayFit (payroll, France): a hire is two calls, a collaborator then a draft contract, resumable
 * step by step (docs/hris/payfit.md). PayFit has no idempotency key: duplicates are prevented by a
 * look-up before the create and after any create whose answer was lost.
 */
export class PayfitConnector extends HrisConnector {
  readonly system = 'payfit';

  constructor(private readonly client: PayfitClient) {
    super();
  }

  async pushEmployee(record: EmployeeRecord, options: PushOptions): Promise<PushOutcome> {
    const { progress } = options;
    const done = progress.steps[PAYFIT_STEPS.contractCreated];
    if (done) {
      return {
        kind: 'existing',
        hrisId: done.data.collaboratorId,
        httpStatus: 200,
        responseExcerpt: null,
        notices: [draftContractNotice(done.data.contractId ?? null)],
      };
    }
    const payloads = toPayfitPayloads(record);
    if ('missing' in payloads) {
      throw HrisFailure.permanent(`PayFit needs ${payloads.missing.map((m) => m.field).join(', ')}, which the hire does not have`, {
        fieldErrors: payloads.missing,
      });
    }

    let collaboratorId: string | null = progress.steps[PAYFIT_STEPS.collaboratorCreated]?.data.collaboratorId ?? null;
    let knownContracts: number | null = null;
    if (!collaboratorId) {
      const found = await this.findByEmail(payloads.collaborator.personalEmail);
      const mayBeOurs = Boolean(progress.steps[PAYFIT_STEPS.createSent]);
      const hasContract = (found?.collaborator.contractCount ?? 0) > 0;
      if (found && (!mayBeOurs || hasContract)) return linkedOutcome(found);
      if (found) {
        // Our earlier create went through though its answer was lost: finish that collaborator.
        collaboratorId = found.collaborator.id;
        knownContracts = found.collaborator.contractCount;
      } else {
        await progress.record(PAYFIT_STEPS.createSent);
        const answer = await this.client.createCollaborator(payloads.collaborator);
        if (!isSuccess(answer)) throw payfitFailure('the collaborator create', answer);
        collaboratorId = collaboratorIdOf(answer);
        if (!collaboratorId) {
          // The next attempt's look-up finds the collaborator PayFit made, if it made one.
          throw HrisFailure.retryable(`PayFit answered ${answer.status} to the collaborator create without an id`, {
            httpStatus: answer.status,
            responseExcerpt: excerpt(answer.text),
          });
        }
        knownContracts = 0;
      }
      await progress.record(PAYFIT_STEPS.collaboratorCreated, { collaboratorId });
    }
    return this.completeContract(collaboratorId, payloads.contract, progress, knownContracts);
  }

  /** A one-collaborator page of the company: proves the key, its read scope and the company id. */
  async testConnection(): Promise<ConnectionCheck> {
    let answer: HrisAnswer;
    try {
      answer = await this.client.listCollaborators({ maxResults: 1 });
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
    if (isSuccess(answer)) return { ok: true, detail: `PayFit answered the collaborator list (${answer.status})` };
    if (answer.status === 401 || answer.status === 403) {
      return {
        ok: false,
        detail: `PayFit refused the API key (${answer.status}): check the key, its collaborators scopes and the companyId`,
      };
    }
    return { ok: false, detail: payfitFailure('the collaborator list', answer).message };
  }

  private async completeContract(
    collaboratorId: string,
    contract: PayfitContractPayload,
    progress: PushProgress,
    knownContracts: number | null,
  ): Promise<PushOutcome> {
    const notices: string[] = [];
    const sent = progress.steps[PAYFIT_STEPS.contractSent];
    const refused = progress.steps[PAYFIT_STEPS.contractRefused];
    const attempt = Number(sent?.data.attempt ?? 0) + 1;
    if (sent && sent.data.attempt !== refused?.data.attempt) {
      // An earlier contract create got no answer: PayFit may hold that draft already.
      const contracts = knownContracts ?? (await this.findById(collaboratorId))?.collaborator.contractCount ?? null;
      if (contracts !== null && contracts > 0) {
        await progress.record(PAYFIT_STEPS.contractCreated, { collaboratorId });
        return { kind: 'created', hrisId: collaboratorId, httpStatus: 200, responseExcerpt: null, notices: [draftContractNotice(null)] };
      }
      notices.push(
        'An earlier contract request for this collaborator got no answer and PayFit does not list it yet; if two draft contracts appear in PayFit, delete one.',
      );
    }
    await progress.record(PAYFIT_STEPS.contractSent, { collaboratorId, attempt: String(attempt) });
    const answer = await this.client.createContract(collaboratorId, contract);
    if (!isSuccess(answer)) {
      await progress.record(PAYFIT_STEPS.contractRefused, { attempt: String(attempt), status: String(answer.status) });
      throw payfitFailure(`the contract of collaborator ${collaboratorId}`, answer);
    }
    const contractId = contractIdOf(answer);
    await progress.record(PAYFIT_STEPS.contractCreated, contractId ? { collaboratorId, contractId } : { collaboratorId });
    return {
      kind: 'created',
      hrisId: collaboratorId,
      httpStatus: answer.status,
      responseExcerpt: excerpt(answer.text),
      notices: [draftContractNotice(contractId), ...notices],
    };
  }

  /**
   * The collaborator holding this email. PayFit's email filter is reported to match contract emails
   * only, not the personal email we create with: the filtered list is read first, every result
   * checked client-side, then the whole roster is scanned for the email.
   */
  private async findByEmail(email: string): Promise<Found | null> {
    const wanted = email.trim().toLowerCase();
    return (await this.scan((c) => c.emails.includes(wanted), email)) ?? (await this.scan((c) => c.emails.includes(wanted)));
  }

  private findById(collaboratorId: string): Promise<Found | null> {
    return this.scan((c) => c.id === collaboratorId);
  }

  private async scan(matches: (c: PayfitCollaborator) => boolean, emailFilter?: string): Promise<Found | null> {
    let pageToken: string | null = null;
    for (let page = 0; page < MAX_PAYFIT_SCAN_PAGES; page++) {
      const answer = await this.client.listCollaborators({ email: emailFilter, pageToken });
      if (!isSuccess(answer)) throw payfitFailure('the collaborator look-up', answer);
      const { collaborators, nextPageToken } = collaboratorPageOf(answer.body);
      const collaborator = collaborators.find(matches);
      if (collaborator) return { collaborator, answer };
      if (!nextPageToken || nextPageToken === pageToken) return null;
      pageToken = nextPageToken;
    }
    return null;
  }
}

function linkedOutcome(found: Found): PushOutcome {
  const { collaborator, answer } = found;
  return {
    kind: 'linked',
    hrisId: collaborator.id,
    httpStatus: answer.status,
    responseExcerpt: excerpt(JSON.stringify({ id: collaborator.id, firstName: collaborator.firstName, lastName: collaborator.lastName })),
    foundName: { firstName: collaborator.firstName, lastName: collaborator.lastName },
    notices:
      collaborator.contractCount === 0
        ? ['PayFit holds this collaborator without a contract, so PayFit does not show them: an admin must add the contract in PayFit.']
        : undefined,
  };
}

/** What HR must do in PayFit after every push: the API only initialises the contract. */
export function draftContractNotice(contractId: string | null): string {
  const which = contractId ? `contract ${contractId}` : 'the contract (PayFit did not return its id; it can take a few minutes to appear)';
  return `PayFit keeps ${which} as a draft: an admin must complete and validate it in PayFit before the first payroll.`;
}
