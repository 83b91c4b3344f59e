import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HRIS_PROVIDERS } from '../hris/hris-provider';
import { CONNECTION_HEALTHS } from './connection.entity';

/** The Flatchr REST link of a connection (catch-up, backfill, write-back); null when it has no Flatchr access. */
export class ConnectionFlatchrView {
  @ApiProperty() companyKey: string;
  @ApiProperty({ enum: ['off', 'comment', 'tag'] }) writeBack: string;
  @ApiProperty({ description: 'Write-back user email and password are stored' }) writeBackUserSet: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastCatchUpAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last catch-up failed; null when it succeeded' })
  lastCatchUpError: string | null;
  @ApiProperty({ description: 'Hires the catch-up found that no webhook brought (a missing or misconfigured webhook)' })
  foundWithoutWebhook: number;
  @ApiProperty({ description: 'Flatchr refused the API key (keys expire after 365 days)' }) keyRefused: boolean;
}

/** A connection as the API and the dashboard show it: never its credentials. */
export class ConnectionView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: HRIS_PROVIDERS }) provider: string;
  @ApiProperty({ type: [String] }) companyIds: string[];
  @ApiProperty({ type: String, nullable: true }) baseUrl: string | null;
  @ApiProperty({ description: 'Credentials are stored (encrypted); they are never returned' }) credentialsSet: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) settings: Record<string, unknown>;
  @ApiProperty({ type: Number, nullable: true, description: 'The request budget in force (the default when none was set); null: none' })
  requestsPerMinute: number | null;
  @ApiProperty() requestsPerMinuteIsDefault: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ enum: CONNECTION_HEALTHS }) health: string;
  @ApiProperty({ type: String, nullable: true }) healthDetail: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) healthChangedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastSuccessAt: string | null;
  @ApiProperty({ description: 'Hires synced in the last 7 days' }) synced7d: number;
  @ApiProperty({ description: 'Hires failed for good in the last 7 days' }) failed7d: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: ConnectionFlatchrView, nullable: true }) flatchr: ConnectionFlatchrView | null;
}

export class ConnectionListView {
  @ApiProperty({ type: [ConnectionView] }) items: ConnectionView[];
  @ApiProperty({ description: 'Whether SIRH_BASE_URL/SIRH_API_KEY serve the companies no connection names' }) defaultConnection: boolean;
}

export class ConnectionTestView {
  @ApiProperty() ok: boolean;
  @ApiProperty() detail: string;
}

export class WaitingCompanyView {
  @ApiProperty() companyId: string;
  @ApiPropertyOptional({ type: String, nullable: true }) companyName: string | null;
  @ApiProperty() waiting: number;
  @ApiProperty({ format: 'date-time' }) oldestAt: string;
}
