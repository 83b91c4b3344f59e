import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfigService } from '../config/app-config.service';

// 'default': @nestjs/throttler suffixes its headers with any other name ("Retry-After-dashboard"),
// which no client reads; the 429 must carry a plain Retry-After.
export const DASHBOARD_THROTTLER = 'default';
const MINUTE_MS = 60_000;

/**
 * Per-source-IP limit of the operator API and dashboard, applied where a controller uses
 * ThrottlerGuard (a limit of 0 turns it off). The webhook has its own, cheaper one
 * (WebhookRateLimitGuard).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => {
        const { dashboardPerMinute } = config.rateLimits;
        return {
          throttlers: [{ name: DASHBOARD_THROTTLER, ttl: MINUTE_MS, limit: dashboardPerMinute, skipIf: () => dashboardPerMinute === 0 }],
        };
      },
    }),
  ],
})
export class RateLimitsModule {}
