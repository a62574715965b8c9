import { describe, expect, it } from '@jest/globals';
import { ROLLOUT_STOP_REASONS } from '@fleetmedic/protocol';
import { createI18nFor } from '../i18n';
import { newRollout } from '../testing/remediation-factories';
import { stopReasonText } from './stop-reason';

const en = createI18nFor('en').global.t;
const zh = createI18nFor('zh-CN').global.t;

describe('why a rollout stopped', () => {
  it('says it in the reader’s language, with the counts of a spent budget', () => {
    const spent = newRollout({
      status: 'halted',
      reason: '2 hosts failed, more than the failure budget of 1',
      reasonCode: 'budget-spent',
      failures: 2,
      failureBudget: 1,
    });
    expect(stopReasonText(spent, en)).toBe('2 PCs failed, more than the 1 tolerated.');
    expect(stopReasonText(spent, zh)).toBe('2 台电脑修复失败，超过了可容忍的 1 台。');
  });

  it('has words for every code in both languages', () => {
    for (const reasonCode of ROLLOUT_STOP_REASONS)
      for (const t of [en, zh]) {
        const text = stopReasonText(newRollout({ reason: 'english', reasonCode }), t);
        expect([reasonCode, text?.startsWith('remediation.')]).toEqual([reasonCode, false]);
      }
  });

  it('falls back to the server’s sentence without a code, and says nothing for a rollout still running', () => {
    expect(stopReasonText(newRollout({ reason: 'cancelled by ada', reasonCode: null }), zh)).toBe(
      'cancelled by ada',
    );
    expect(stopReasonText(newRollout(), en)).toBeNull();
  });
});
