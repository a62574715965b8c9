/** The sender against a real local HTTP server: names are checked on the addresses they resolve to. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookRefused, sendWebhook } from './webhook-sender';
import { WebhookReceiver } from './testing/webhook-receiver';

describe('sendWebhook', () => {
  let receiver: WebhookReceiver;
  const self = { port: 1, publicOrigin: null };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start({ status: 200, body: 'ok' });
  });

  afterAll(async () => {
    await receiver.close();
  });

  const request = (host: string) => ({
    url: new URL(`http://${host}:${receiver.port}/hook`),
    headers: { 'content-type': 'application/json' },
    body: '{"hello":"world"}',
  });

  it('posts to a name that resolves to an allowed address, and reads the answer', async () => {
    const answer = await sendWebhook(request('localhost'), {
      timeoutMs: 2_000,
      policy: { allowHttp: true, allowedHosts: [`localhost:${receiver.port}`] },
      self,
    });
    expect(answer).toMatchObject({ statusCode: 200, body: 'ok' });
    expect(receiver.received.at(-1)).toMatchObject({ url: '/hook', body: '{"hello":"world"}' });
  });

  it('refuses a name that resolves to a loopback address, before connecting', async () => {
    const before = receiver.received.length;
    const refused = sendWebhook(request('localhost'), {
      timeoutMs: 2_000,
      policy: { allowHttp: true, allowedHosts: [] },
      self,
    });
    await expect(refused).rejects.toBeInstanceOf(WebhookRefused);
    await expect(refused).rejects.toThrow(/resolves to .*loopback/);
    expect(receiver.received).toHaveLength(before);
  });

  it('refuses FleetMedic itself, even on an allowed host', async () => {
    const refused = sendWebhook(request('127.0.0.1'), {
      timeoutMs: 2_000,
      policy: { allowHttp: true, allowedHosts: ['127.0.0.1'] },
      self: { port: receiver.port, publicOrigin: null },
    });
    await expect(refused).rejects.toThrow(/FleetMedic itself/);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    await expect(
      sendWebhook(
        { url: new URL(`http://127.0.0.1:${port}/hook`), headers: {}, body: '{}' },
        { timeoutMs: 200, policy: { allowHttp: true, allowedHosts: ['127.0.0.1'] }, self },
      ),
    ).rejects.toThrow(/no answer within 200 ms/);
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });
});
