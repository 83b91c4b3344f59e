/** What the phases of one run share: the template database, the fake SIRH, open load generators and clients, and the results. */
import type { Child } from '../test/harness/child-process';
import { CFG } from './config';
import type { BenchDatabase } from './lib/infra';

export interface Results {
  config: typeof CFG;
  machine: any;
  versions?: { postgres: string; redis: string | null };
  ingestion: any;
  memory: any;
  sync: any;
  latency: any;
  stalled: any;
  profiles: any;
  checks: Array<{ name: string; target: string; value: string; met: boolean }>;
  durationSeconds?: number;
}

export const state = {
  template: null as BenchDatabase | null,
  sirh: null as Child | null,
  sirhUrl: '',
  cannons: new Set<{ stop(): void }>(),
  clients: new Set<{ end(): Promise<void> }>(),
};

export const results: Results = {
  config: CFG,
  machine: null,
  ingestion: null,
  memory: null,
  sync: null,
  latency: null,
  stalled: null,
  profiles: null,
  checks: [],
};

export function templateName(): string {
  if (!state.template) throw new Error('the template database is not ready');
  return state.template.name;
}
