import { type UrlPolicySettings, checkWebhookUrl, forbiddenAddressReason } from './webhook-url-policy';

const strict: UrlPolicySettings = { allowHttp: false, allowedHosts: [] };
const self = { port: 8080, publicOrigin: 'https://fleetmedic.example' };

function problem(url: string, type: Parameters<typeof checkWebhookUrl>[1] = 'slack', settings = strict) {
  const result = checkWebhookUrl(url, type, settings, self);
  return result.ok ? null : result.message;
}

describe('webhook URL policy', () => {
  it('takes the platforms’ own URLs', () => {
    expect(problem('https://hooks.slack.com/services/T000/B000/XXXX')).toBeNull();
    expect(problem('https://oapi.dingtalk.com/robot/send?access_token=abc', 'dingtalk')).toBeNull();
    expect(problem('https://open.feishu.cn/open-apis/bot/v2/hook/1234', 'feishu')).toBeNull();
    expect(problem('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', 'wecom')).toBeNull();
  });

  it('wants https unless the server allows http', () => {
    expect(problem('http://hooks.slack.com/services/T/B/X')).toMatch(/https/);
    expect(
      problem('http://hooks.slack.com/services/T/B/X', 'slack', { ...strict, allowHttp: true }),
    ).toBeNull();
    expect(problem('ftp://hooks.slack.com/x')).toMatch(/https/);
  });

  it('refuses the server itself, loopback, private and metadata addresses', () => {
    expect(problem('https://fleetmedic.example/api/users')).toMatch(/FleetMedic itself/);
    expect(problem('https://127.0.0.1:8080/api/users')).toMatch(/FleetMedic itself/);
    expect(problem('https://localhost:8080/api/health')).toMatch(/FleetMedic itself/);
    expect(problem('https://169.254.169.254/latest/meta-data/')).toMatch(/link-local/);
    expect(problem('https://metadata.google.internal/computeMetadata/v1/')).toMatch(/internal name/);
    expect(problem('https://10.0.0.5/hook')).toMatch(/private/);
    expect(problem('https://[::1]:9000/hook')).toMatch(/loopback/);
    expect(problem('https://[::ffff:169.254.169.254]/')).toMatch(/link-local/);
    expect(problem('https://localhost:9000/hook')).toMatch(/local/);
  });

  it('lets an allowed host through, but never the server itself', () => {
    const relay = { ...strict, allowedHosts: ['10.0.0.5', '127.0.0.1:9000'] };
    expect(problem('https://10.0.0.5/hook', 'webhook', relay)).toBeNull();
    expect(problem('https://127.0.0.1:9000/hook', 'webhook', relay)).toBeNull();
    expect(problem('https://127.0.0.1:9001/hook', 'webhook', relay)).toMatch(/loopback/);
    expect(
      problem('https://127.0.0.1:8080/hook', 'webhook', { ...strict, allowedHosts: ['127.0.0.1'] }),
    ).toMatch(/FleetMedic itself/);
  });

  it('refuses credentials in the URL and the wrong shape for a platform', () => {
    expect(problem('https://user:pass@hooks.slack.com/services/T/B/X')).toMatch(/user name or password/);
    expect(problem('https://oapi.dingtalk.com/robot/send', 'dingtalk')).toMatch(/access_token/);
    expect(problem('https://qyapi.weixin.qq.com/cgi-bin/webhook/send', 'wecom')).toMatch(/key/);
    expect(problem('https://open.feishu.cn/open-apis/im/v1/messages', 'feishu')).toMatch(/bot\/v2\/hook/);
  });

  it('classifies addresses', () => {
    expect(forbiddenAddressReason('93.184.216.34')).toBeNull();
    expect(forbiddenAddressReason('2606:2800:220:1:248:1893:25c8:1946')).toBeNull();
    expect(forbiddenAddressReason('192.168.1.1')).toMatch(/private/);
    expect(forbiddenAddressReason('fd00::1')).toMatch(/private/);
    expect(forbiddenAddressReason('0.0.0.0')).toMatch(/private or reserved/);
  });
});
