import { ApiProperty } from '@nestjs/swagger';
import type { ChannelName } from '../channels/alert-channel';

/** One channel's answer to the test alert. */
export class AlertTestResult {
  @ApiProperty({ enum: ['slack', 'email', 'webhook'] })
  channel: ChannelName;

  @ApiProperty({ description: 'whether the channel took the alert' })
  ok: boolean;

  @ApiProperty({ description: 'what the channel answered, e.g. "HTTP 200" or "HTTP 404: no_service"; never a secret', example: 'HTTP 200' })
  detail: string;
}

export class AlertTestResponse {
  @ApiProperty({ type: [AlertTestResult], description: 'one entry per configured channel' })
  results: AlertTestResult[];
}
