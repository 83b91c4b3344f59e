import { Module } from '@nestjs/common';
import { QueueModule } from '../sync/queue.module';
import { HrisConnectors } from './hris-connectors';

/** Builds each connection's connector (src/hris/<provider>/, listed in hris-registry.ts). */
@Module({
  imports: [QueueModule],
  providers: [HrisConnectors],
  exports: [HrisConnectors],
})
export class HrisModule {}
