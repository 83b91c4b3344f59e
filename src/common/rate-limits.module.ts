import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfigService } from '../config/app-config.service';

export const WEBHOOK_THROTTLER = 'webhook';
export const DASHBOARD_THROTTLER = 'dashboard';
const MINUTE_MS = 60_000;

/**
 * Per-source-IP limits, applied where a controller uses ThrottlerGuard: the webhook and the
 * operator API each count against their own limit (a limit of 0 turns it off).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => {
        const { webhookPerMinute, dashboardPerMinute } = config.rateLimits;
        return {
          throttlers: [
            { name: WEBHOOK_THROTTLER, ttl: MINUTE_MS, limit: webhookPerMinute, skipIf: () => webhookPerMinute === 0 },
            { name: DASHBOARD_THROTTLER, ttl: MINUTE_MS, limit: dashboardPerMinute, skipIf: () => dashboardPerMinute === 0 },
          ],
        };
      },
    }),
  ],
})
export class RateLimitsModule {}
