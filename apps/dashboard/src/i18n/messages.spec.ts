import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { en } from './en';
import { createI18nFor } from './index';
import { SUPPORTED_LOCALES } from './locale';
import { zhCN } from './zh-CN';

type Tree = { [key: string]: string | Tree };

function leafPaths(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : leafPaths(value, `${prefix}${key}.`),
  );
}

function lookup(tree: Tree, path: string): string | Tree | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of path.split('.')) {
    node = typeof node === 'object' ? node[part] : undefined;
  }
  return node;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every named parameter any message uses, with a value. */
const params = {
  n: 3,
  minutes: 60,
  percent: 12,
  shown: 4,
  total: 9,
  online: 8,
  healthy: 7,
  failing: 2,
  offline: 1,
  path: '/nowhere',
  code: '1060',
  column: 'X',
  time: '3 min ago',
  lift: '2.5',
  role: 'Operator',
  detail: 'expected a user name',
  service: 'Spooler',
  key: 'HKLM\\Software\\Microsoft\\Rpc\\Internet',
  backup: 'rpc-internet',
  database: 'catdb',
  kb: 'KB5005030',
  seconds: 5,
  state: 'Running',
  kind: 'service.pause',
  playbook: 'Print Spooler fix',
  canary: 'PC-001',
  parallelism: 5,
  failureBudget: 0,
  name: 'alice',
  failures: 1,
  budget: 0,
  reason: 'the canary failed',
  status: 'Halted',
  fixed: '4 of 5 fixed',
  used: 2,
  max: 10,
  min: 1,
  step: 'Start service Spooler',
  done: 2,
};

describe('messages', () => {
  it('Simplified Chinese has exactly the keys English has', () => {
    expect(leafPaths(zhCN).sort()).toEqual(leafPaths(en).sort());
  });

  it.each(SUPPORTED_LOCALES)('every %s message compiles and fills in its parameters', (locale) => {
    const { t } = createI18nFor(locale).global;
    for (const key of leafPaths(en)) {
      const text = t(key, params);
      expect(text).not.toBe(key);
      expect(text).not.toMatch(/[{}]/);
    }
  });

  it('every key the code asks for exists', () => {
    const literal = /\bt\(\s*'([\w.-]+)'/g;
    const templated = /\bt\(\s*`([\w.-]+)\.\$\{/g;
    const missing: string[] = [];
    for (const file of sourceFiles(join(__dirname, '..'))) {
      const source = readFileSync(file, 'utf8');
      for (const [, key] of source.matchAll(literal)) {
        if (typeof lookup(en, key!) !== 'string') missing.push(`${file}: ${key}`);
      }
      for (const [, prefix] of source.matchAll(templated)) {
        if (typeof lookup(en, prefix!) !== 'object') missing.push(`${file}: ${prefix}.*`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('says how long ago in each language', () => {
    expect(createI18nFor('en').global.t('time.minutesAgo', { n: 3 })).toBe('3 min ago');
    expect(createI18nFor('zh-CN').global.t('time.minutesAgo', { n: 3 })).toBe('3 分钟前');
    expect(createI18nFor('zh-CN').global.t('time.justNow')).toBe('刚刚');
  });

  it('speaks of incidents in the words Chinese-speaking ops use', () => {
    const { t } = createI18nFor('zh-CN').global;
    expect(t('nav.incidents')).toBe('故障事件');
    expect(t('incident.factors.title')).toBe('共同因素');
    expect(t('incident.hosts.title', { n: 5 })).toBe('受影响主机（5）');
    expect(t('incident.knownIssues.diagnosis')).toBe('诊断');
    expect(t('incident.timeline.title')).toBe('时间线');
    expect(t('incident.code.title')).toBe('错误代码');
  });
});
