import { Module } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service';
import { GenericSirhClient } from './generic-sirh/generic-sirh.client';
import { GenericSirhConnector } from './generic-sirh/generic-sirh.connector';
import { HrisConnector } from './hris-connector';

/** Chooses the HRIS connector. Only the generic SIRH exists today; others plug in here. */
@Module({
  providers: [
    {
      provide: GenericSirhClient,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => new GenericSirhClient(config.sirh),
    },
    GenericSirhConnector,
    { provide: HrisConnector, useExisting: GenericSirhConnector },
  ],
  exports: [HrisConnector],
})
export class HrisModule {}
