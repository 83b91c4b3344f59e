import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfigService } from './app-config.service';
import { EnvSource, loadAppEnv } from './load-config';

@Global()
@Module({})
export class ConfigModule {
  /**
   * Validates `env` once; tests pass their own object instead of mutating the process environment.
   * Not @nestjs/config: its forRoot validates process.env and writes the result back into it, one
   * environment per process, where each startApp(env) here validates the object it is given.
   */
  static forRoot(env: EnvSource): DynamicModule {
    const config = new AppConfigService(loadAppEnv(env), env);
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfigService, useValue: config }],
      exports: [AppConfigService],
    };
  }
}
