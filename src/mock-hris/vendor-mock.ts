/** A running vendor mock, started by a test or by `npm run start:mock -- --vendor <name>`. */
export interface RunningVendorMock {
  url: string;
  close(): Promise<void>;
}

/** What `npm run start:mock` passes to a vendor's mock; its own options (credentials, faults) take their defaults. */
export interface VendorMockCliOptions {
  host: string;
  port: number;
  /** Extra `--set name=value` flags, for the vendor's own options (documented in its `usage`). */
  extra: Readonly<Record<string, string>>;
}

export interface VendorMockEntry {
  vendor: string;
  /** Lines printed at start: the credentials and settings a connection needs to reach this mock. */
  start(options: VendorMockCliOptions): Promise<RunningVendorMock & { banner: string }>;
  usage: string;
}
