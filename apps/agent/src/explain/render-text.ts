/** `explain` for people: the report as readable text, in English or Simplified Chinese. */
import type { ExplainLanguage, ExplainReport, ExplainedError, ExplainedKnownIssue } from './explain-report';

const LABELS = {
  en: {
    title: 'FleetMedic explain',
    readAs: 'Read as',
    detectedBy: 'detected by',
    notRecognized: 'This is not an output FleetMedic reads. It reads:',
    services: 'Services',
    updates: 'Updates',
    registry: 'Registry keys',
    deleted: 'deleted',
    errors: 'Errors',
    noErrors: 'No error codes found.',
    failed: 'Failed',
    evidence: 'Evidence',
    source: 'Source',
    unknownCode: 'not in the code table; decoded from its structure',
    knownIssues: 'Known issues',
    confirmed: 'confirmed',
    candidate: 'matches the code; not confirmed by this output',
    confirmedBy: 'Confirmed by',
    diagnosis: 'Diagnosis',
    fix: 'Fix',
    playbook: 'Playbook',
    risk: 'risk',
    warnings: 'Warnings',
    line: 'line',
    occurrences: (failures: number, lines: number) =>
      `In the whole log: ${failures} failure(s), ${lines} line(s)`,
    onlySome: 'not all shown',
  },
  'zh-CN': {
    title: 'FleetMedic 日志解读',
    readAs: '编码',
    detectedBy: '识别依据',
    notRecognized: '这不是 FleetMedic 能读取的输出。支持的类型：',
    services: '服务',
    updates: '更新',
    registry: '注册表项',
    deleted: '已删除',
    errors: '错误',
    noErrors: '未发现错误代码。',
    failed: '失败对象',
    evidence: '证据',
    source: '来源',
    unknownCode: '不在错误代码表中；按结构解码',
    knownIssues: '已知问题',
    confirmed: '已确认',
    candidate: '错误代码匹配；本输出未能确认',
    confirmedBy: '确认依据',
    diagnosis: '诊断',
    fix: '修复',
    playbook: '修复剧本',
    risk: '风险',
    warnings: '警告',
    line: '行',
    occurrences: (failures: number, lines: number) => `全文共 ${failures} 次失败，${lines} 行`,
    onlySome: '未全部列出',
  },
} as const;

type Labels = (typeof LABELS)[ExplainLanguage];

function describeCode(error: ExplainedError): string {
  const parts = [error.symbol, error.family];
  if (error.win32 !== null) parts.push(`Win32 ${error.win32}`);
  if (error.jet !== null) parts.push(`ESE ${error.jet}`);
  if (error.facility !== null) parts.push(error.facility);
  return parts.filter((part): part is string => part !== null).join(', ');
}

function renderError(error: ExplainedError, language: ExplainLanguage, labels: Labels): string[] {
  const lines = [`  ${error.code}  ${describeCode(error)}`];
  if (error.shownAs.some((shown) => shown.toLowerCase() !== error.code))
    lines.push(`    = ${error.shownAs.join(', ')}`);
  lines.push(`    ${error.meaning ? error.meaning[language] : labels.unknownCode}`);
  if (error.contexts.length > 0) {
    lines.push(
      `    ${labels.failed}: ${error.contexts.map((context) => `${context.check} ${context.target}`).join(', ')}`,
    );
  }
  if (error.occurrences) {
    const { failures, lines: count, truncated } = error.occurrences;
    lines.push(`    ${labels.occurrences(failures, count)}${truncated ? ` (${labels.onlySome})` : ''}`);
  }
  if (error.evidence.length > 0) {
    lines.push(`    ${labels.evidence}:`);
    for (const line of error.evidence.slice(0, 12))
      lines.push(`      ${labels.line} ${line.line}: ${line.text.trim()}`);
    if (error.evidence.length > 12) lines.push(`      … (+${error.evidence.length - 12})`);
  }
  if (error.source) lines.push(`    ${labels.source}: ${error.source}`);
  return lines;
}

function renderIssue(issue: ExplainedKnownIssue, language: ExplainLanguage, labels: Labels): string[] {
  const lines = [
    `  ${issue.confirmed ? '✓' : '?'} ${issue.id}: ${issue.title[language]} (${issue.confirmed ? labels.confirmed : labels.candidate})`,
  ];
  for (const by of issue.confirmedBy) lines.push(`    ${labels.confirmedBy}: ${by.trim()}`);
  lines.push(`    ${labels.diagnosis}: ${issue.diagnosis[language]}`);
  lines.push(`    ${labels.fix}: ${issue.fix[language]}`);
  if (issue.playbook) lines.push(`    ${labels.playbook}: ${issue.playbook} (${labels.risk}: ${issue.risk})`);
  lines.push(`    ${labels.source}: ${issue.source}`);
  return lines;
}

export function renderExplainText(report: ExplainReport, language: ExplainLanguage = 'en'): string {
  const labels = LABELS[language];
  const out: string[] = [`${labels.title}: ${report.file}`];
  if (report.supportedKinds) {
    out.push(`${report.detectedBy}`, labels.notRecognized);
    for (const { kind, description } of report.supportedKinds) out.push(`  ${kind}: ${description}`);
    return `${out.join('\n')}\n`;
  }
  out.push(
    `${report.kindDescription ?? report.kind} — ${labels.readAs} ${report.encoding}; ${labels.detectedBy}: ${report.detectedBy}`,
  );
  if (report.services.length > 0) {
    out.push('', labels.services);
    for (const service of report.services) {
      const name = [service.service, service.displayName ? `(${service.displayName})` : null]
        .filter(Boolean)
        .join(' ');
      const exit = service.win32ExitCode !== null ? ` WIN32_EXIT_CODE=${service.win32ExitCode}` : '';
      const specific = service.serviceSpecificExitCode
        ? ` SERVICE_EXIT_CODE=${service.serviceSpecificExitCode}`
        : '';
      out.push(
        `  ${name || '?'}  ${service.state ?? '-'}  ${service.startType ?? ''}${exit}${specific}${service.pid ? ` PID=${service.pid}` : ''}${service.code ? `  ${service.code}` : ''}`.trimEnd(),
      );
    }
  }
  if (report.updates.length > 0) {
    out.push('', labels.updates);
    for (const update of report.updates) {
      out.push(
        `  ${update.kb ?? '-'}  ${update.result}${update.code ? `  ${update.code}` : ''}${update.package ? `  ${update.package}` : ''}${update.title ? `  ${update.title}` : ''}`,
      );
    }
  }
  if (report.registryKeys.length > 0) {
    out.push('', labels.registry);
    for (const key of report.registryKeys) {
      out.push(`  ${key.path}${key.deleted ? ` (${labels.deleted})` : ''}`);
      for (const value of key.values) out.push(`    ${value.name}  ${value.type}  ${value.data}`);
    }
  }
  out.push('', labels.errors);
  if (report.errors.length === 0) out.push(`  ${labels.noErrors}`);
  for (const error of report.errors) out.push(...renderError(error, language, labels));
  if (report.knownIssues.length > 0) {
    out.push('', labels.knownIssues);
    for (const issue of report.knownIssues) out.push(...renderIssue(issue, language, labels));
  }
  if (report.warnings.length > 0) {
    out.push('', labels.warnings);
    for (const warning of report.warnings) out.push(`  ${warning}`);
  }
  return `${out.join('\n')}\n`;
}
