/** `GET /api/known-issues`: the catalog the server matches incidents against, as the knowledge library has it. */
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CATALOG_VERSION, KNOWN_ISSUES, type KnownIssue } from '@fleetmedic/knowledge';
import { knownIssueListSchema, type KnownIssueList, type KnownIssueView } from '@fleetmedic/protocol';
import { openApiSchema } from '../openapi/json-schema';

function toView(issue: KnownIssue): KnownIssueView {
  return {
    id: issue.id,
    title: { en: issue.title.en, 'zh-CN': issue.title['zh-CN'] },
    fingerprints: [...issue.fingerprints],
    confirmingEvidence: issue.confirmingEvidence.map((rule) => ({
      en: rule.description.en,
      'zh-CN': rule.description['zh-CN'],
    })),
    watchRegistryKeys: [...issue.watchRegistryKeys],
    diagnosis: { en: issue.diagnosis.en, 'zh-CN': issue.diagnosis['zh-CN'] },
    fix: { en: issue.fix.en, 'zh-CN': issue.fix['zh-CN'] },
    playbook: issue.playbook,
    risk: issue.risk,
    source: issue.source,
    seeAlso: [...issue.seeAlso],
  };
}

/** The catalog does not change while the server runs: built once. */
const CATALOG: KnownIssueList = { catalogVersion: CATALOG_VERSION, knownIssues: KNOWN_ISSUES.map(toView) };

@ApiTags('known issues')
@Controller('known-issues')
export class KnownIssuesController {
  @Get()
  @ApiOperation({
    summary: 'The known-issue catalog: fingerprints, confirming evidence, diagnosis, fix, playbook',
  })
  @ApiOkResponse({ schema: openApiSchema(knownIssueListSchema) })
  list(): KnownIssueList {
    return CATALOG;
  }
}
