import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { ApiTokenEntity } from './api-token.entity';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthenticatorService } from './authenticator.service';
import { LoginService } from './login.service';
import { SessionEntity } from './session.entity';
import { SessionsRepository } from './sessions.repository';

@Module({
  imports: [TypeOrmModule.forFeature([SessionEntity, ApiTokenEntity]), UsersModule],
  controllers: [AuthController, ApiTokensController],
  providers: [
    ApiTokensRepository,
    ApiTokensService,
    AuthenticatorService,
    LoginService,
    SessionsRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthenticatorService, UsersModule],
})
export class AuthModule {}
