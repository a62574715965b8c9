/**
 * Each platform's body and signature, against what the platform documents (see each renderer's sources).
 * Signatures are recomputed here from the documents' description, not with the code under test.
 */
import { createHmac } from 'node:crypto';
import { buildIncidentMessage, buildTestMessage } from '../alert-message';
import { sampleCaseAIncident } from '../testing/sample-incident';
import { buildRequest, classifyAnswer, renderBody, retryAfterMs } from '.';

const NOW = Date.UTC(2026, 10, 22, 8, 50, 11, 123);
const SECRET = 'SECa1b2c3d4e5f60718293a4b5c6d7e8f90';

function message(language: 'en' | 'zh-CN' = 'en') {
  return buildIncidentMessage({
    kind: 'opened',
    language,
    incident: sampleCaseAIncident(),
    remediation: null,
    publicUrl: 'https://fleetmedic.example',
  });
}

function bodyOf(
  type: Parameters<typeof renderBody>[0],
  language: 'en' | 'zh-CN' = 'en',
): Record<string, unknown> {
  return JSON.parse(renderBody(type, message(language), '0190f3c2-0000-7000-8000-000000000001')) as Record<
    string,
    unknown
  >;
}

const LINK = 'https://fleetmedic.example/incidents/0190f3c2-7a1b-7c3d-8e4f-a1b2c3d4e5f6';

describe('the message', () => {
  it('says what the code means, how many PCs, the top common factor, the known issue, its fix and the link', () => {
    const { title, facts, actions } = message();
    expect(title).toBe('Service Spooler fails with 0x80070057 (E_INVALIDARG) on 5 PCs');
    const text = facts.map((fact) => `${fact.label}: ${fact.value}`).join('\n');
    expect(text).toContain('Error: 0x80070057 (E_INVALIDARG): The parameter is incorrect.');
    expect(text).toContain('PCs: 5 affected, 5 failing now');
    expect(text).toContain(
      'What they share: HKLM\\Software\\Microsoft\\Rpc\\Internet present — on 5 of 5 affected PCs, 0 of 195 healthy ones',
    );
    expect(text).toMatch(/Known issue: .*Print Spooler.*\(confirmed on 5 PCs\)/);
    expect(text).toMatch(/Fix: .*Rpc\\Internet/);
    expect(actions).toEqual([{ id: 'open-incident', label: 'Open the incident', url: LINK }]);
  });

  it('speaks Chinese to a zh-CN channel', () => {
    const { title, facts } = message('zh-CN');
    expect(title).toBe('5 台电脑上服务 Spooler 失败，错误 0x80070057 (E_INVALIDARG)');
    expect(facts.map((fact) => fact.label)).toEqual(['错误', '电脑', '共同因素', '已知问题', '修复方法']);
    expect(facts[2]?.value).toContain('注册表项 HKLM\\Software\\Microsoft\\Rpc\\Internet 存在');
  });

  it('says there is no link when the server has no public URL', () => {
    const withoutUrl = buildIncidentMessage({
      kind: 'opened',
      language: 'en',
      incident: sampleCaseAIncident(),
      remediation: null,
      publicUrl: null,
    });
    expect(withoutUrl.actions).toEqual([]);
    expect(withoutUrl.linkNote).toMatch(/FLEETMEDIC_PUBLIC_URL is not set/);
    expect(renderBody('dingtalk', withoutUrl, 'x')).toContain('FLEETMEDIC_PUBLIC_URL is not set');
  });
});

describe('Slack (incoming webhook, Block Kit)', () => {
  it('sends text as the notification fallback and blocks: header, section, fields, a link button, context', () => {
    const body = bodyOf('slack');
    expect(typeof body.text).toBe('string');
    const blocks = body.blocks as { type: string; [key: string]: unknown }[];
    expect(blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    expect(blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: 'Service Spooler fails with 0x80070057 (E_INVALIDARG) on 5 PCs',
        emoji: true,
      },
    });
    const fields = blocks[2]?.fields as { type: string; text: string }[];
    expect(fields.every((field) => field.type === 'mrkdwn' && field.text.length <= 2000)).toBe(true);
    expect(fields.length).toBeLessThanOrEqual(10);
    expect(fields[0]?.text).toBe('*Error*\n0x80070057 (E_INVALIDARG): The parameter is incorrect.');
    expect(blocks[3]).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'open-incident',
          text: { type: 'plain_text', text: 'Open the incident' },
          url: LINK,
          style: 'primary',
        },
      ],
    });
  });

  it('escapes the characters mrkdwn reserves', () => {
    const incident = sampleCaseAIncident({ fingerprint: 'service:a<b>&c:0x80070057' });
    const rendered = renderBody(
      'slack',
      buildIncidentMessage({ kind: 'opened', language: 'en', incident, remediation: null, publicUrl: null }),
      'x',
    );
    expect(rendered).toContain('service:a&lt;b&gt;&amp;c:0x80070057');
  });
});

describe('Microsoft Teams (Workflows webhook, Adaptive Card)', () => {
  it('wraps an Adaptive Card in the message envelope', () => {
    const body = bodyOf('teams');
    expect(Object.keys(body).sort()).toEqual(['attachments', 'type']);
    expect(body.type).toBe('message');
    const [attachment] = body.attachments as Record<string, unknown>[];
    expect(attachment).toMatchObject({
      contentType: 'application/vnd.microsoft.card.adaptive',
      contentUrl: null,
    });
    const card = attachment?.content as Record<string, unknown>;
    expect(card).toMatchObject({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      actions: [{ type: 'Action.OpenUrl', title: 'Open the incident', url: LINK }],
    });
    const elements = card.body as { type: string; facts?: { title: string; value: string }[] }[];
    expect(elements[0]).toMatchObject({
      type: 'TextBlock',
      weight: 'Bolder',
      color: 'Attention',
      wrap: true,
    });
    expect(elements.find((element) => element.type === 'FactSet')?.facts?.[0]).toEqual({
      title: 'Error',
      value: '0x80070057 (E_INVALIDARG): The parameter is incorrect.',
    });
  });
});

describe('DingTalk (custom robot, markdown)', () => {
  it('sends msgtype markdown with a title and the text, the link in it', () => {
    const body = bodyOf('dingtalk');
    expect(Object.keys(body).sort()).toEqual(['markdown', 'msgtype']);
    expect(body.msgtype).toBe('markdown');
    const markdown = body.markdown as { title: string; text: string };
    expect(markdown.title).toBe('Service Spooler fails with 0x80070057 (E_INVALIDARG) on 5 PCs');
    expect(markdown.text).toContain(`[Open the incident](${LINK})`);
    expect(markdown.text).toContain('- **Error**: 0x80070057 (E_INVALIDARG): The parameter is incorrect.');
  });

  it('signs as DingTalk documents: timestamp (ms) and sign = urlEncode(base64(HmacSHA256(secret, timestamp\\nsecret)))', () => {
    const request = buildRequest(
      {
        type: 'dingtalk',
        webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc123def456',
        signing: true,
        signingSecret: SECRET,
      },
      { id: 'd', kind: 'opened', body: '{}' },
      NOW,
      'FleetMedic/test',
    );
    const expected = encodeURIComponent(
      createHmac('sha256', Buffer.from(SECRET, 'utf8'))
        .update(Buffer.from(`${NOW}\n${SECRET}`, 'utf8'))
        .digest()
        .toString('base64'),
    );
    expect(request.url.href).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=abc123def456&timestamp=${NOW}&sign=${expected}`,
    );
  });

  it('leaves the URL alone when signing is off', () => {
    const request = buildRequest(
      {
        type: 'dingtalk',
        webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc123def456',
        signing: false,
        signingSecret: null,
      },
      { id: 'd', kind: 'opened', body: '{}' },
      NOW,
      'FleetMedic/test',
    );
    expect(request.url.searchParams.has('sign')).toBe(false);
  });
});

describe('Feishu / Lark (custom bot, interactive card)', () => {
  it('sends msg_type interactive with a card: header, lark_md text, fields, a link button, a note', () => {
    const body = bodyOf('feishu');
    expect(Object.keys(body).sort()).toEqual(['card', 'msg_type']);
    expect(body.msg_type).toBe('interactive');
    const card = body.card as { config: unknown; header: unknown; elements: { tag: string }[] };
    expect(card.config).toEqual({ wide_screen_mode: true });
    expect(card.header).toEqual({
      title: { tag: 'plain_text', content: 'Service Spooler fails with 0x80070057 (E_INVALIDARG) on 5 PCs' },
      template: 'red',
    });
    expect(card.elements.map((element) => element.tag)).toEqual(['div', 'div', 'action', 'note']);
    expect(card.elements[2]).toEqual({
      tag: 'action',
      actions: [
        {
          tag: 'button',
          text: { tag: 'plain_text', content: 'Open the incident' },
          type: 'primary',
          url: LINK,
        },
      ],
    });
  });

  it('signs as Feishu documents: timestamp (s) and sign = base64(HmacSHA256(key = timestamp\\nsecret, message = ""))', () => {
    const body = renderBody('feishu', message(), 'd');
    const request = buildRequest(
      {
        type: 'feishu',
        webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/11111111-2222-3333-4444-555555555555',
        signing: true,
        signingSecret: SECRET,
      },
      { id: 'd', kind: 'opened', body },
      NOW,
      'FleetMedic/test',
    );
    const sent = JSON.parse(request.body) as Record<string, unknown>;
    const timestamp = Math.floor(NOW / 1000);
    expect(sent.timestamp).toBe(String(timestamp));
    expect(sent.sign).toBe(
      createHmac('sha256', Buffer.from(`${timestamp}\n${SECRET}`, 'utf8'))
        .update(Buffer.alloc(0))
        .digest('base64'),
    );
    expect({ ...sent, timestamp: undefined, sign: undefined }).toEqual({
      ...(JSON.parse(body) as object),
      timestamp: undefined,
      sign: undefined,
    });
  });
});

describe('WeCom (group robot, markdown)', () => {
  it('sends msgtype markdown with content of at most 4096 bytes', () => {
    const body = bodyOf('wecom', 'zh-CN');
    expect(Object.keys(body).sort()).toEqual(['markdown', 'msgtype']);
    expect(body.msgtype).toBe('markdown');
    const content = (body.markdown as { content: string }).content;
    expect(content).toContain('<font color="warning">');
    expect(content).toContain(`[查看事件](${LINK})`);
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    const huge = sampleCaseAIncident({ target: 'x'.repeat(5000) });
    const clipped = JSON.parse(
      renderBody(
        'wecom',
        buildIncidentMessage({
          kind: 'opened',
          language: 'en',
          incident: huge,
          remediation: null,
          publicUrl: null,
        }),
        'd',
      ),
    ) as { markdown: { content: string } };
    expect(Buffer.byteLength(clipped.markdown.content, 'utf8')).toBeLessThanOrEqual(4096);
  });
});

describe('generic webhook', () => {
  it('sends the news as JSON with the delivery id, and the signature header over timestamp + "." + body', () => {
    const body = renderBody('webhook', message(), '0190f3c2-0000-7000-8000-000000000001');
    const parsed = JSON.parse(body) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      source: 'fleetmedic',
      version: 1,
      deliveryId: '0190f3c2-0000-7000-8000-000000000001',
      kind: 'opened',
      incident: { fingerprint: 'service:spooler:0x80070057', hostCount: 5, url: LINK },
      decoded: { code: '0x80070057', symbol: 'E_INVALIDARG', meaning: 'The parameter is incorrect.' },
      topCommonFactor: { label: 'HKLM\\Software\\Microsoft\\Rpc\\Internet present', affected: { count: 5 } },
      knownIssue: { id: 'spooler-rpc-internet', playbook: 'spooler-rpc-internet' },
    });
    const request = buildRequest(
      {
        type: 'webhook',
        webhookUrl: 'https://hooks.example/fleetmedic',
        signing: true,
        signingSecret: SECRET,
      },
      { id: '0190f3c2-0000-7000-8000-000000000001', kind: 'opened', body },
      NOW,
      'FleetMedic/test',
    );
    const timestamp = Math.floor(NOW / 1000);
    expect(request.headers).toMatchObject({
      'x-fleetmedic-delivery': '0190f3c2-0000-7000-8000-000000000001',
      'x-fleetmedic-event': 'opened',
      'x-fleetmedic-timestamp': String(timestamp),
      'x-fleetmedic-signature': `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`,
    });
    expect(request.body).toBe(body);
  });

  it('renders a test message for every platform', () => {
    const test = buildTestMessage('en', 'ops', null);
    for (const type of ['slack', 'teams', 'dingtalk', 'feishu', 'wecom', 'webhook'] as const)
      expect(renderBody(type, test, 'd')).toContain('FleetMedic test message');
  });
});

describe('answers', () => {
  const answer = (statusCode: number, body = '', headers: Record<string, string> = {}) => ({
    statusCode,
    body,
    headers,
  });

  it('tells delivered, retry, rate-limited and refused apart', () => {
    expect(classifyAnswer('slack', answer(200, 'ok'), NOW)).toEqual({ kind: 'delivered' });
    expect(classifyAnswer('teams', answer(202), NOW)).toEqual({ kind: 'delivered' });
    expect(classifyAnswer('webhook', answer(503, 'busy'), NOW)).toMatchObject({ kind: 'retry' });
    expect(classifyAnswer('slack', answer(429, '', { 'retry-after': '7' }), NOW)).toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 7_000,
    });
    expect(classifyAnswer('slack', answer(404, 'no_service'), NOW)).toMatchObject({ kind: 'permanent' });
    expect(classifyAnswer('dingtalk', answer(200, '{"errcode":0,"errmsg":"ok"}'), NOW)).toEqual({
      kind: 'delivered',
    });
    expect(
      classifyAnswer('dingtalk', answer(200, '{"errcode":130101,"errmsg":"send too fast"}'), NOW),
    ).toMatchObject({ kind: 'rate-limited', retryAfterMs: 600_000 });
    expect(
      classifyAnswer('dingtalk', answer(200, '{"errcode":310000,"errmsg":"sign not match"}'), NOW),
    ).toMatchObject({
      kind: 'permanent',
    });
    expect(
      classifyAnswer('wecom', answer(200, '{"errcode":45009,"errmsg":"api freq out of limit"}'), NOW),
    ).toMatchObject({ kind: 'rate-limited' });
    expect(
      classifyAnswer('feishu', answer(200, '{"code":11232,"msg":"frequency limited"}'), NOW),
    ).toMatchObject({
      kind: 'rate-limited',
    });
    expect(
      classifyAnswer('feishu', answer(200, '{"code":19021,"msg":"sign match fail"}'), NOW),
    ).toMatchObject({
      kind: 'permanent',
    });
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('120', NOW)).toBe(120_000);
    expect(retryAfterMs(new Date(NOW + 30_000).toUTCString(), NOW)).toBeGreaterThan(28_000);
    expect(retryAfterMs(undefined, NOW)).toBeNull();
  });
});
