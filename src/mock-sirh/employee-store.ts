import { SirhEmployeeRecord, StoredEmployee } from './mock-sirh.types';

/** The mock's in-memory HRIS: employees plus the Idempotency-Keys that created or found them. */
export class EmployeeStore {
  private readonly list: StoredEmployee[] = [];
  private readonly byIdempotencyKey = new Map<string, StoredEmployee>();
  private nextId = 1;

  all(): StoredEmployee[] {
    return [...this.list];
  }

  create(record: SirhEmployeeRecord, idempotencyKey?: string): StoredEmployee {
    // A client-sent `id` or `createdAt` must not override the server's own.
    const { id: _id, createdAt: _createdAt, ...fields } = record;
    const employee: StoredEmployee = { id: `emp_${this.nextId++}`, ...fields, createdAt: new Date() };
    this.list.push(employee);
    if (idempotencyKey !== undefined) this.rememberKey(idempotencyKey, employee);
    return employee;
  }

  rememberKey(idempotencyKey: string, employee: StoredEmployee): void {
    this.byIdempotencyKey.set(idempotencyKey, employee);
  }

  findByIdempotencyKey(idempotencyKey: string): StoredEmployee | undefined {
    return this.byIdempotencyKey.get(idempotencyKey);
  }

  findByExternalId(externalId: string): StoredEmployee | undefined {
    return this.list.find((e) => e.externalId === externalId);
  }

  /** Case-insensitive, like most HRIS; a null email never matches anything. */
  findByEmail(email: string): StoredEmployee | undefined {
    const wanted = email.toLowerCase();
    return this.list.find((e) => typeof e.email === 'string' && e.email.toLowerCase() === wanted);
  }

  reset(): void {
    this.list.length = 0;
    this.byIdempotencyKey.clear();
    this.nextId = 1;
  }
}

/** The API shape of an employee: `{ id, ...record }`, without the mock's bookkeeping. */
export function toApiEmployee(employee: StoredEmployee): Record<string, unknown> {
  const { createdAt: _createdAt, ...api } = employee;
  return api;
}
