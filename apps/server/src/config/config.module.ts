/** Makes the validated configuration injectable everywhere as `SERVER_CONFIG`. */
import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { ServerConfig } from './config.schema';

export const SERVER_CONFIG = Symbol('SERVER_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ServerConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: SERVER_CONFIG, useValue: config }],
      exports: [SERVER_CONFIG],
    };
  }
}
