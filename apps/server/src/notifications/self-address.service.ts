/** How FleetMedic recognises itself in a webhook URL: the port it listens on and its public origin. */
import type { AddressInfo } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import type { SelfAddress } from './webhook-url-policy';

@Injectable()
export class SelfAddressService {
  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  current(): SelfAddress {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as
      { address(): AddressInfo | string | null } | undefined;
    const address = server?.address();
    const port = typeof address === 'object' && address !== null ? address.port : this.config.port || null;
    return {
      port,
      publicOrigin: this.config.publicUrl === undefined ? null : new URL(this.config.publicUrl).origin,
    };
  }
}
