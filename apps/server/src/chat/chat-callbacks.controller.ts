/**
 * The routes chat platforms call when someone presses "Approve fix". They are public at the guard: no
 * session or token can come from Slack or Feishu; each request's own signature, made with a secret the
 * admin configured on a channel, is the credential (checked over the raw body, docs/alerts.md).
 */
import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { apiErrorSchema } from '@fleetmedic/protocol';
import { Public } from '../auth/access.decorators';
import { clientAddress } from '../common/client-address';
import { openApiSchema } from '../openapi/json-schema';
import { FeishuCardActionsService } from './feishu/feishu-card-actions.service';
import type { RawBodyRequest } from './raw-body';
import { SlackInteractionsService } from './slack/slack-interactions.service';

@ApiTags('chat')
@Controller('chat')
export class ChatCallbacksController {
  constructor(
    private readonly slack: SlackInteractionsService,
    private readonly feishu: FeishuCardActionsService,
  ) {}

  @Post('slack/interactions')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Slack’s interactivity Request URL: an "Approve fix" button pressed in Slack (public; verified with X-Slack-Signature and the channel’s signing secret)',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['payload'],
      properties: { payload: { type: 'string', description: 'Slack’s block_actions payload as JSON' } },
    },
  })
  @ApiOkResponse({ description: 'Acknowledged; the outcome is posted to the payload’s response_url' })
  @ApiUnauthorizedResponse({
    description: 'The signature does not verify, or the timestamp is more than five minutes off',
    schema: openApiSchema(apiErrorSchema),
  })
  @ApiConflictResponse({
    description: 'The same signed request came before',
    schema: openApiSchema(apiErrorSchema),
  })
  async slackInteraction(@Req() request: RawBodyRequest): Promise<void> {
    await this.slack.receive(request.headers, request.rawBody ?? Buffer.alloc(0), clientAddress(request));
  }

  @Post('feishu/card-actions')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Feishu/Lark card callback (card.action.trigger) and its url_verification challenge: an "Approve fix" button pressed on an app bot’s card (public; verified with X-Lark-Signature and the app’s Encrypt Key)',
  })
  @ApiConsumes('application/json')
  @ApiBody({
    schema: {
      type: 'object',
      description: '{"encrypt": "…"} as Feishu sends it when an Encrypt Key is set',
      properties: { encrypt: { type: 'string' } },
    },
  })
  @ApiOkResponse({
    description:
      '{"challenge": …} for url_verification, or {"toast": {type, content, i18n}} for a card action',
  })
  @ApiUnauthorizedResponse({
    description:
      'The signature or Verification Token does not match, or the timestamp is more than five minutes off',
    schema: openApiSchema(apiErrorSchema),
  })
  @ApiConflictResponse({
    description: 'The same signed request came before',
    schema: openApiSchema(apiErrorSchema),
  })
  feishuCardAction(@Req() request: RawBodyRequest): Promise<object> {
    return this.feishu.receive(request.headers, request.rawBody ?? Buffer.alloc(0), clientAddress(request));
  }
}
