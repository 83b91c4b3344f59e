import { InitialSchema1764200000000 } from './1764200000000-InitialSchema';
import { PersonalDataRetention1764300000000 } from './1764300000000-PersonalDataRetention';
import { SyncJobEvents1764600000000 } from './1764600000000-SyncJobEvents';
import { EmployeeRecordRetention1764700000000 } from './1764700000000-EmployeeRecordRetention';
import { SyncJobRunAndReadModel1764800000000 } from './1764800000000-SyncJobRunAndReadModel';
import { SyncOutcomeDetails1764900000000 } from './1764900000000-SyncOutcomeDetails';
import { Connections1765000000000 } from './1765000000000-Connections';
import { AlertsSent1765100000000 } from './1765100000000-AlertsSent';
import { FlatchrCatchUp1765200000000 } from './1765200000000-FlatchrCatchUp';

/** Listed explicitly (no glob) so the same list works from `src` with ts-node and from `dist`. Append new ones. */
export const MIGRATIONS = [
  InitialSchema1764200000000,
  PersonalDataRetention1764300000000,
  SyncJobEvents1764600000000,
  EmployeeRecordRetention1764700000000,
  SyncJobRunAndReadModel1764800000000,
  SyncOutcomeDetails1764900000000,
  Connections1765000000000,
  AlertsSent1765100000000,
  FlatchrCatchUp1765200000000,
];
