import { Module } from '@nestjs/common';
import { EmployeesModule } from '../employees/employees.module';
import { DeliveriesModule } from '../webhooks/deliveries.module';
import { PersonalDataPurger } from './personal-data-purger';

/** Runs in the worker role: one purger per deployment is enough, and workers already do background work. */
@Module({ imports: [DeliveriesModule, EmployeesModule], providers: [PersonalDataPurger], exports: [PersonalDataPurger] })
export class RetentionModule {}
