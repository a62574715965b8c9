/** The server: one module per domain, configured once from the validated configuration. */
import fs from 'node:fs';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { AgentsModule } from './agents/agents.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ChatModule } from './chat/chat.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { ConfigModule } from './config/config.module';
import type { ServerConfig } from './config/config.schema';
import { DatabaseModule } from './database/database.module';
import { FleetModule } from './fleet/fleet.module';
import { HealthModule } from './health/health.module';
import { HostsModule } from './hosts/hosts.module';
import { IncidentsModule } from './incidents/incidents.module';
import { IngestModule } from './ingest/ingest.module';
import { KnownIssuesModule } from './known-issues/known-issues.module';
import { LiveModule } from './live/live.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RemediationModule } from './remediation/remediation.module';

@Module({})
export class AppModule {
  static forRoot(config: ServerConfig): DynamicModule {
    const dashboard = fs.existsSync(config.dashboardDir)
      ? [
          ServeStaticModule.forRoot({
            rootPath: config.dashboardDir,
            exclude: ['/api/{*path}', '/socket.io/{*path}'],
          }),
        ]
      : [];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config.database),
        AuditModule,
        AuthModule,
        HealthModule,
        HostsModule,
        IngestModule,
        AgentsModule,
        FleetModule,
        IncidentsModule,
        KnownIssuesModule,
        RemediationModule,
        LiveModule,
        NotificationsModule,
        ChatModule,
        ...dashboard,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
