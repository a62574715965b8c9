import { describe, expect, it } from '@jest/globals';
import { createI18nFor } from '../i18n';
import { auditActionLabel, KNOWN_AUDIT_ACTIONS } from './actions';

describe('audit actions in words', () => {
  it('labels the remediation actions in English and Chinese', () => {
    const en = createI18nFor('en').global.t;
    const zh = createI18nFor('zh-CN').global.t;
    expect(auditActionLabel('remediation.approved', en)).toBe('Fix approved');
    expect(auditActionLabel('rollout.halted', en)).toBe('Fix halted');
    expect(auditActionLabel('job.finished', zh)).toBe('在电脑上执行修复');
    expect(auditActionLabel('auto-rule.created', zh)).toBe('创建自动修复规则');
  });

  it('labels the chat channel actions', () => {
    const en = createI18nFor('en').global.t;
    const zh = createI18nFor('zh-CN').global.t;
    expect(auditActionLabel('channel.created', en)).toBe('Chat channel added');
    expect(auditActionLabel('channel.delivery_retried', en)).toBe('Dead letter sent again');
    expect(auditActionLabel('channel.tested', zh)).toBe('发送测试消息');
  });

  it('has a label for every action it knows, and none for one it does not (the code shows instead)', () => {
    const en = createI18nFor('en').global.t;
    for (const action of KNOWN_AUDIT_ACTIONS) expect(auditActionLabel(action, en)).toMatch(/\S/);
    expect(auditActionLabel('rollout.resumed', en)).toBeNull();
    expect(auditActionLabel('', en)).toBeNull();
    expect(auditActionLabel('constructor', en)).toBeNull();
  });
});
