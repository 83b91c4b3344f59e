import { Module } from '@nestjs/common';
import { QueueModule } from '../sync/queue.module';
import { PersonalDataPurger } from './personal-data-purger';

/** Runs in the worker role: one purger per deployment is enough, and workers already do background work. */
@Module({ imports: [QueueModule], providers: [PersonalDataPurger], exports: [PersonalDataPurger] })
export class RetentionModule {}
