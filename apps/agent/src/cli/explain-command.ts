/** `fleetmedic-agent explain FILE`: what FleetMedic reads in a captured Windows output, for people or scripts. */
import { explainFile } from '../explain/explain-file';
import { renderExplainText } from '../explain/render-text';
import { OUTPUT_KINDS, type OutputKind } from '../host/windows/parsers';

export interface ExplainCommandOptions {
  json: boolean;
  kind?: string;
  codePage?: number;
  lang: string;
}

/** Exit code when the file is none of the kinds explain reads (the report still says what it reads). */
export const EXIT_UNRECOGNIZED = 2;

function isOutputKind(value: string): value is OutputKind {
  return (OUTPUT_KINDS as readonly string[]).includes(value);
}

export async function explainCommand(file: string, options: ExplainCommandOptions): Promise<void> {
  if (options.kind !== undefined && !isOutputKind(options.kind)) {
    throw new Error(
      `--kind ${options.kind} is not a kind explain reads; use one of ${OUTPUT_KINDS.join(', ')}`,
    );
  }
  if (options.lang !== 'en' && options.lang !== 'zh-CN')
    throw new Error(`--lang must be en or zh-CN, not ${options.lang}`);
  let report;
  try {
    report = await explainFile(file, {
      ...(options.kind === undefined ? {} : { kind: options.kind }),
      ...(options.codePage === undefined ? {} : { codePage: options.codePage }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new Error(`cannot read ${file}: ${code}`);
  }
  process.stdout.write(
    options.json ? `${JSON.stringify(report, null, 2)}\n` : renderExplainText(report, options.lang),
  );
  if (report.supportedKinds) process.exitCode = EXIT_UNRECOGNIZED;
}
