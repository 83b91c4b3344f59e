import nodemailer, { type Transporter } from 'nodemailer';
import { emailHtml, plainText, titleOf, type AlertMessage } from '../alert-message';
import { CHANNEL_TIMEOUT_MS, type AlertChannel } from './alert-channel';

/** E-mail through the operator's SMTP server (nodemailer: STARTTLS when offered, AUTH from the URL). */
export class EmailChannel implements AlertChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly to: string[],
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: CHANNEL_TIMEOUT_MS,
      greetingTimeout: CHANNEL_TIMEOUT_MS,
      socketTimeout: CHANNEL_TIMEOUT_MS,
      // nodemailer's own logger would print the SMTP dialogue, AUTH included.
      logger: false,
      debug: false,
    });
  }

  async send(message: AlertMessage): Promise<string> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: this.to,
      subject: `[HireBridge] ${titleOf(message)}`,
      text: plainText(message),
      html: emailHtml(message),
    });
    const accepted = (info.accepted as Array<string | { address: string }>).length;
    return `accepted for ${accepted} of ${this.to.length} recipient(s)`;
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
