import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfigService } from '../config/app-config.service';
import { principalOf } from './basic-auth.guard';
import { CsrfService } from './csrf';
import type { PageContext } from './dashboard-views';
import { chooseLanguage } from './i18n/language';
import { Locale, localeFor } from './i18n/locale';

/** What every dashboard page is rendered with: who asks, their CSRF token, language and time zone. */
@Injectable()
export class PageContexts {
  constructor(
    private readonly csrf: CsrfService,
    private readonly config: AppConfigService,
  ) {}

  /** The operator's language (`?lang=` remembered in a cookie, else Accept-Language) and display zone. */
  locale(req: FastifyRequest, reply: FastifyReply): Locale {
    const choice = chooseLanguage(req);
    if (choice.setCookie) reply.header('Set-Cookie', choice.setCookie);
    reply.header('Vary', 'Accept-Language, Cookie');
    return localeFor(choice.lang, this.config.displayTimeZone);
  }

  of(req: FastifyRequest, reply: FastifyReply, notice?: string | null): PageContext {
    const principal = principalOf(req);
    return { principal, csrfToken: this.csrf.issue(principal.user), notice: notice ?? null, locale: this.locale(req, reply), url: req.url };
  }
}
