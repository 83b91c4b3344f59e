import type { EmployeeRecord } from '../../employees/employee-record';
import { ConnectionCheck, HrisConnector, PushOptions, PushOutcome, PushProgress } from '../hris-connector';
import { HrisFailure } from '../hris-failure';
import { excerpt, HrisAnswer } from '../hris-http';
import type { SharedCache } from '../shared-cache';
import {
  archetypesIn,
  contractIdsIn,
  createdId,
  fieldErrorsIn,
  isSuccess,
  luccaFailure,
  LuccaUserSummary,
  mayBeDuplicateEmail,
  usersIn,
} from './lucca.answers';
import { LuccaClient } from './lucca.client';
import {
  archetypeFor,
  describeArchetype,
  LuccaArchetype,
  LuccaPlacement,
  missingForLucca,
  toLuccaUserPayload,
  toLuccaWorkContractPayload,
} from './lucca.payload';
import { DEFAULT_TEMPLATE_KEY, LuccaSettings } from './lucca.settings';

/** Steps a push records, in order; the sync layer keeps them per person and connection. */
export const LUCCA_STEPS = {
  /** Recorded before the user create: if its answer is lost, the next attempt looks the email up instead of creating again. */
  createSent: 'createSent',
  /** `{id}` of the user this push created: a later attempt goes straight to the contract. */
  userCreated: 'userCreated',
  /** Recorded before the contract create: if its answer is lost, the next attempt lists the user's contracts first. */
  contractSent: 'contractSent',
  /** `{id, userId}` of the work contract: the push is complete. */
  contractCreated: 'contractCreated',
  /**
   * `{id}` of a person Lucca already had: a later attempt links them again, never taking them for a
   * user of ours because `createSent` was recorded before Lucca answered "email taken".
   */
  linkedExisting: 'linkedExisting',
} as const;

/** Cache key (the cache is per connection) of the tenant's work-contract archetypes. */
export const ARCHETYPES_CACHE_KEY = 'lucca:work-contract-archetypes';
/** Tenants rarely add contract templates; a day keeps the list call off Lucca's 50-per-minute budget. */
export const ARCHETYPES_CACHE_TTL_MS = 24 * 60 * 60 * 1000;

interface ContractType {
  id: number;
  /** For the operator: where the id came from. */
  label: string;
}

/**
 * Lucca (legacy API, the one that can write users): look the work email up, create the user, then
 * its work contract, each step recorded so a push resumes where it stopped. A person Lucca already
 * has is linked and left as HR keeps them (no new contract).
 */
export class LuccaConnector extends HrisConnector {
  readonly system = 'lucca';

  constructor(
    private readonly client: LuccaClient,
    private readonly settings: LuccaSettings,
    private readonly cache: SharedCache,
  ) {
    super();
  }

  private get placement(): LuccaPlacement {
    const { legalEntityId, departmentId, establishmentId } = this.settings;
    return { legalEntityId, departmentId, establishmentId };
  }

  async pushEmployee(record: EmployeeRecord, options: PushOptions): Promise<PushOutcome> {
    const missing = missingForLucca(record);
    if (missing.length > 0) {
      throw HrisFailure.permanent(`Lucca cannot create this hire: ${missing.map((m) => m.message).join('; ')}`, { fieldErrors: missing });
    }
    const { progress, correlationId } = options;
    const done = progress.steps[LUCCA_STEPS.contractCreated];
    if (done?.data.userId) {
      return { kind: 'existing', hrisId: done.data.userId, httpStatus: 200, responseExcerpt: null };
    }

    const linkedBefore = progress.steps[LUCCA_STEPS.linkedExisting]?.data.id;
    if (linkedBefore) {
      const found = await this.findByMail(record.email!, correlationId);
      return linked(found?.id === linkedBefore ? found : { id: linkedBefore, firstName: null, lastName: null, mail: null }, 200, null);
    }

    let userId = progress.steps[LUCCA_STEPS.userCreated]?.data.id ?? null;
    let createdAnswer: HrisAnswer | null = null;
    if (userId === null) {
      const found = await this.findByMail(record.email!, correlationId);
      if (found && progress.steps[LUCCA_STEPS.createSent]) {
        // Our earlier create reached Lucca though its answer did not reach us: the user is ours, finish it.
        userId = found.id;
        await progress.record(LUCCA_STEPS.userCreated, { id: userId });
      } else if (found) {
        await progress.record(LUCCA_STEPS.linkedExisting, { id: found.id });
        return linked(found, 200, null);
      } else {
        // The contract type is resolved before anything is created, so an unknown type creates nobody.
        await this.contractType(record);
        await progress.record(LUCCA_STEPS.createSent);
        const answer = await this.client.createUser(toLuccaUserPayload(record, this.placement), correlationId);
        if (!isSuccess(answer)) return this.afterRefusedCreate(record, answer, options);
        userId = createdId(answer, 'user');
        createdAnswer = answer;
        await progress.record(LUCCA_STEPS.userCreated, { id: userId });
      }
    }

    const type = await this.contractType(record);
    if (progress.steps[LUCCA_STEPS.contractSent]) {
      // The user is ours and was created without a contract: any contract it has is the one we sent.
      const listed = await this.client.findWorkContracts(userId, correlationId);
      if (!isSuccess(listed)) throw luccaFailure(`the work-contract list of user ${userId}`, listed);
      const [existing] = contractIdsIn(listed);
      if (existing) return this.completed(progress, userId, existing, type, listed);
    }
    const contractPayload = toLuccaWorkContractPayload(record, Number(userId), type.id, this.placement);
    await progress.record(LUCCA_STEPS.contractSent, { userId });
    const answer = await this.client.createWorkContract(contractPayload, correlationId);
    if (!isSuccess(answer)) {
      // A template removed since the list was cached: the next attempt reads the list again.
      if (answer.status === 400 && fieldErrorsIn(answer).some((e) => /typeid/i.test(e.field)))
        await this.cache.delete(ARCHETYPES_CACHE_KEY);
      throw luccaFailure(`the work contract of user ${userId}`, answer);
    }
    return this.completed(progress, userId, createdId(answer, 'work contract'), type, createdAnswer ?? answer);
  }

  private async completed(
    progress: PushProgress,
    userId: string,
    contractId: string,
    type: ContractType,
    answer: HrisAnswer,
  ): Promise<PushOutcome> {
    await progress.record(LUCCA_STEPS.contractCreated, { id: contractId, userId });
    return {
      kind: 'created',
      hrisId: userId,
      httpStatus: answer.status,
      responseExcerpt: excerpt(answer.text),
      notices: [
        `Lucca work contract ${contractId} created as ${type.label}; trial period, socio-professional category and work cycle are left for HR to complete in Lucca`,
      ],
    };
  }

  async testConnection(): Promise<ConnectionCheck> {
    let answer: HrisAnswer;
    try {
      answer = await this.client.probe();
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
    if (isSuccess(answer)) return { ok: true, detail: `Lucca answered the user list (${answer.status})` };
    if (answer.status === 401 || answer.status === 403) {
      return { ok: false, detail: `Lucca refused the API key (${answer.status}): check the key and its rights on users` };
    }
    return { ok: false, detail: luccaFailure('the user list', answer).message };
  }

  /** A refused create: the email may be taken (either reading), which the look-up settles. */
  private async afterRefusedCreate(record: EmployeeRecord, answer: HrisAnswer, options: PushOptions): Promise<PushOutcome> {
    if (mayBeDuplicateEmail(answer)) {
      const found = await this.findByMail(record.email!, options.correlationId);
      if (found) {
        await options.progress.record(LUCCA_STEPS.linkedExisting, { id: found.id });
        return linked(found, answer.status, excerpt(answer.text));
      }
    }
    throw luccaFailure('the user create', answer);
  }

  private async findByMail(mail: string, correlationId?: string): Promise<LuccaUserSummary | null> {
    const answer = await this.client.findUsersByMail(mail, correlationId);
    if (!isSuccess(answer)) throw luccaFailure('the user look-up', answer);
    // Only an exact match links: a tenant that ignored the filter would otherwise hand us someone else.
    const wanted = mail.trim().toLowerCase();
    return usersIn(answer).find((u) => u.mail?.trim().toLowerCase() === wanted) ?? null;
  }

  /** The archetype id for the hire's contract type: the connection's override, else the tenant's template of that name. */
  private async contractType(record: EmployeeRecord): Promise<ContractType> {
    const key = record.contractType ?? DEFAULT_TEMPLATE_KEY;
    const override = this.settings.contractTemplates[key];
    if (override !== undefined) return { id: override, label: `archetype ${override} (settings.contractTemplates.${key})` };
    const archetypes = await this.archetypes();
    if (record.contractType === null) {
      throw HrisFailure.permanent(
        `Flatchr gave no contract type for this hire; set settings.contractTemplates.${DEFAULT_TEMPLATE_KEY} to the Lucca archetype to use ` +
          `(available archetypes: ${archetypes.map(describeArchetype).join(', ') || 'none'})`,
      );
    }
    const choice = archetypeFor(record.contractType, archetypes);
    if (!choice.ok) throw HrisFailure.permanent(choice.reason);
    return { id: choice.archetype.id, label: describeArchetype(choice.archetype) };
  }

  private async archetypes(): Promise<LuccaArchetype[]> {
    const cached = await this.cache.get(ARCHETYPES_CACHE_KEY);
    if (cached !== null) {
      try {
        return JSON.parse(cached) as LuccaArchetype[];
      } catch {
        await this.cache.delete(ARCHETYPES_CACHE_KEY);
      }
    }
    const answer = await this.client.listArchetypes();
    if (!isSuccess(answer)) throw luccaFailure('the work-contract archetype list', answer);
    const archetypes = archetypesIn(answer);
    await this.cache.set(ARCHETYPES_CACHE_KEY, JSON.stringify(archetypes), ARCHETYPES_CACHE_TTL_MS);
    return archetypes;
  }
}

function linked(found: LuccaUserSummary, httpStatus: number, responseExcerpt: string | null): PushOutcome {
  return {
    kind: 'linked',
    hrisId: found.id,
    httpStatus,
    responseExcerpt,
    foundName: { firstName: found.firstName, lastName: found.lastName },
    notices: [`Lucca already has a user with this email (id ${found.id}): linked as it is, no user or work contract created`],
  };
}
