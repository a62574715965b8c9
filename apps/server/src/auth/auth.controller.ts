import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  apiErrorSchema,
  loginRequestSchema,
  principalSchema,
  type LoginRequest,
  type Principal,
} from '@fleetmedic/protocol';
import type { Request, Response } from 'express';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { clientAddress } from '../common/client-address';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { CurrentPrincipal, Public } from './access.decorators';
import { SESSION_COOKIE } from './credentials';
import { LoginService } from './login.service';
import { type RequestPrincipal, toPrincipal } from './principal';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly logins: LoginService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with a user name and password',
    description: `Sets the httpOnly session cookie \`${SESSION_COOKIE}\` used by the dashboard and /live.`,
  })
  @ApiBody({ schema: openApiSchema(loginRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(principalSchema) })
  @ApiUnauthorizedResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiTooManyRequestsResponse({ schema: openApiSchema(apiErrorSchema) })
  async login(
    @Body(new ZodValidationPipe(loginRequestSchema, 'body')) body: LoginRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Principal> {
    const result = await this.logins.login(body, clientAddress(request));
    response.cookie(SESSION_COOKIE, result.sessionToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secureCookies(request),
      path: '/',
      expires: new Date(result.expiresAt),
    });
    return toPrincipal(result.principal);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out: the session ends on the server and its live connections close' })
  @ApiNoContentResponse()
  async logout(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.logins.logout(principal, clientAddress(request));
    response.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
  }

  @Get('me')
  @ApiOperation({ summary: 'Who the caller is and which role is in effect' })
  @ApiOkResponse({ schema: openApiSchema(principalSchema) })
  me(@CurrentPrincipal() principal: RequestPrincipal): Principal {
    return toPrincipal(principal);
  }

  private secureCookies(request: Request): boolean {
    return request.secure || (this.config.publicUrl?.startsWith('https:') ?? false);
  }
}
