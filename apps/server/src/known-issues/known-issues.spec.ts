/** Integration: the catalog as the API serves it. */
import { CATALOG_VERSION, KNOWN_ISSUES } from '@fleetmedic/knowledge';
import { type KnownIssueList, knownIssueListSchema } from '@fleetmedic/protocol';
import { type TestServer, getJson, startTestServer } from '../testing/test-server';

describe('GET /api/known-issues', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('lists every catalog entry with its fingerprints, fix and playbook, in both languages', async () => {
    const { status, body } = await getJson<KnownIssueList>(server, '/api/known-issues');
    expect(status).toBe(200);
    expect(knownIssueListSchema.safeParse(body).success).toBe(true);
    expect(body.catalogVersion).toBe(CATALOG_VERSION);
    expect(body.knownIssues.map((issue) => issue.id)).toEqual(KNOWN_ISSUES.map((issue) => issue.id));
    expect(body.knownIssues.find((issue) => issue.id === 'spooler-rpc-internet')).toMatchObject({
      fingerprints: ['service:spooler:0x80070057'],
      watchRegistryKeys: ['HKLM\\Software\\Microsoft\\Rpc\\Internet'],
      playbook: 'spooler-rpc-internet',
      title: { en: expect.any(String), 'zh-CN': expect.any(String) },
    });
  });
});
