import { describe, expect, it } from '@jest/globals';
import { autoRuleRequestSchema } from '@fleetmedic/protocol';
import { newRuleForm, parseTags, type RuleForm, ruleRequestOf } from './rule-form';

const now = new Date('2026-11-22T09:00:00.000Z');
const withPlaybook = { now, knownIssuePlaybook: 'spooler-rpc-internet' };
const form = (overrides: Partial<RuleForm>): RuleForm => ({ ...newRuleForm(), ...overrides });

describe('the new-rule form', () => {
  it('sends a known-issue rule with its own playbook, the tags, the cap and the expiry, as the API accepts it', () => {
    const result = ruleRequestOf(
      form({
        knownIssueId: 'spooler-rpc-internet',
        tags: 'site-a, kiosk，kiosk',
        maxHostsPerDay: 20,
        expiresAt: '2026-12-01T18:00',
        note: ' after the audit ',
      }),
      withPlaybook,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request).toEqual({
      knownIssueId: 'spooler-rpc-internet',
      tags: ['site-a', 'kiosk'],
      maxHostsPerDay: 20,
      expiresAt: new Date('2026-12-01T18:00').toISOString(),
      note: 'after the audit',
    });
    expect(autoRuleRequestSchema.safeParse(result.request).success).toBe(true);
  });

  it('needs a playbook where there is none to take: a fingerprint, or a known issue without one', () => {
    const byFingerprint = form({ matchBy: 'fingerprint', fingerprint: 'service:spooler:0x80070057' });
    expect(ruleRequestOf(byFingerprint, withPlaybook)).toEqual({ ok: false, problems: ['playbookId'] });
    const chosen = ruleRequestOf({ ...byFingerprint, playbookId: 'spooler-rpc-internet' }, withPlaybook);
    expect(chosen.ok && chosen.request).toMatchObject({
      fingerprint: 'service:spooler:0x80070057',
      playbookId: 'spooler-rpc-internet',
    });
    expect(chosen.ok && 'knownIssueId' in chosen.request).toBe(false);
    expect(ruleRequestOf(form({ knownIssueId: 'manual-only' }), { now, knownIssuePlaybook: null })).toEqual({
      ok: false,
      problems: ['playbookId'],
    });
  });

  it('points at every field that is wrong at once, and sends nothing', () => {
    const result = ruleRequestOf(
      form({
        matchBy: 'fingerprint',
        fingerprint: 'spooler',
        playbookId: 'Not An Id',
        tags: Array.from({ length: 21 }, (_, n) => `t${n}`).join(','),
        maxHostsPerDay: 0,
        parallelism: 101,
        failureBudget: -1,
        expiresAt: '2026-11-01T08:00',
        note: 'x'.repeat(501),
      }),
      withPlaybook,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'fingerprint',
        'playbookId',
        'tags',
        'maxHostsPerDay',
        'parallelism',
        'failureBudget',
        'expiresAt',
        'note',
      ],
    });
    expect(ruleRequestOf(form({}), withPlaybook)).toEqual({ ok: false, problems: ['knownIssueId'] });
  });

  it('leaves parallelism and failure budget to the server unless given, but always needs the daily limit', () => {
    const base = form({ knownIssueId: 'spooler-rpc-internet' });
    const result = ruleRequestOf({ ...base, parallelism: 3, failureBudget: 1 }, withPlaybook);
    expect(result.ok && result.request).toMatchObject({ parallelism: 3, failureBudget: 1 });
    expect(ruleRequestOf({ ...base, maxHostsPerDay: '' }, withPlaybook)).toEqual({
      ok: false,
      problems: ['maxHostsPerDay'],
    });
  });

  it('reads tags separated by commas, Chinese commas or spaces', () => {
    expect(parseTags(' site-a,kiosk  lab、floor-2， ')).toEqual(['site-a', 'kiosk', 'lab', 'floor-2']);
    expect(parseTags('')).toEqual([]);
  });
});
