/**
 * Field case B: a cumulative update (KB5005030) fails with 0x8e5e03fa, JET_errReadVerifyFailure, because the
 * catalog database of the Cryptographic Services under catroot2 is corrupt.
 */
import { SOURCES } from '../../codes/table/sources';
import type { KnownIssue } from '../known-issue';

export const CATROOT2_CATALOG_DATABASE_CORRUPT: KnownIssue = {
  id: 'catroot2-catalog-database-corrupt',
  title: {
    en: 'Update fails with 0x8e5e03fa: the CryptSvc catalog database (catroot2) is corrupt',
    'zh-CN': '更新安装失败（0x8e5e03fa）：加密服务的编录数据库（catroot2）已损坏',
  },
  fingerprints: ['patch:*:0x8e5e03fa'],
  confirmingEvidence: [
    {
      kind: 'evidence-line',
      contains: ['CryptCATAdminAddCatalog', 'JET_errReadVerifyFailure'],
      description: {
        en: 'CBS.log: adding the package catalog through CryptCATAdminAddCatalog failed with JET_errReadVerifyFailure.',
        'zh-CN':
          'CBS.log：通过 CryptCATAdminAddCatalog 添加程序包编录时失败，错误为 JET_errReadVerifyFailure。',
      },
    },
    {
      kind: 'evidence-line',
      contains: ['JET_errDatabaseCorrupted'],
      description: {
        en: 'The integrity check of catdb (esentutl /g) reports JET_errDatabaseCorrupted.',
        'zh-CN': '对 catdb 的完整性检查（esentutl /g）报告 JET_errDatabaseCorrupted。',
      },
    },
  ],
  watchRegistryKeys: [],
  diagnosis: {
    en:
      'A cumulative update (KB5005030 in the field case) fails with 0x8e5e03fa, the HRESULT form of ESE error -1018 ' +
      'JET_errReadVerifyFailure: a checksum error on a database page. In CBS.log the first failure is CBS adding the ' +
      "package's catalog through CryptCATAdminAddCatalog; every step above it (install the catalog, stage the manifest, " +
      'add, persist and resolve the package) then fails with the same code, most of them logged at level Info and only ' +
      'the last at Error. The database that cannot be read is the catalog database of the Cryptographic Services ' +
      '(CryptSvc), %systemroot%\\System32\\catroot2\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\catdb; an integrity check ' +
      'with esentutl /g reports JET_errDatabaseCorrupted. Repairing the database and letting CryptSvc rebuild catroot2 ' +
      'lets the update install.',
    'zh-CN':
      '累积更新（现场案例中为 KB5005030）安装失败，错误为 0x8e5e03fa，即 ESE 错误 -1018 JET_errReadVerifyFailure 的 HRESULT 形式，' +
      '表示数据库页校验和错误。CBS.log 中最先失败的是 CBS 通过 CryptCATAdminAddCatalog 添加程序包编录的步骤；其上的每一步' +
      '（安装编录、暂存清单、添加、持久化和解析程序包）随后都以同一错误失败，这些行大多记录为 Info 级别，只有最后一行是 Error。' +
      '无法读取的是加密服务 (CryptSvc) 的编录数据库 %systemroot%\\System32\\catroot2\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\catdb，' +
      '用 esentutl /g 做完整性检查会报告 JET_errDatabaseCorrupted。修复该数据库并让 CryptSvc 重建 catroot2 后，更新即可安装。',
  },
  fix: {
    en:
      'Stop CryptSvc and repair catdb with esentutl /p; stop CryptSvc again, back up %systemroot%\\System32\\catroot2 ' +
      '(to catroot2.old), empty the folder but keep it, and start CryptSvc so that it rebuilds it; then install the ' +
      'update again and check that it reports success (a restart is then pending). Restore catroot2 from the backup if ' +
      'the repair fails.',
    'zh-CN':
      '停止 CryptSvc，用 esentutl /p 修复 catdb；再次停止 CryptSvc，将 %systemroot%\\System32\\catroot2 备份到 catroot2.old，' +
      '清空该文件夹（保留文件夹本身），然后启动 CryptSvc 让它重建；之后重新安装更新，并确认安装成功（随后会等待重启）。' +
      '如果修复失败，从备份还原 catroot2。',
  },
  playbook: 'catroot2-repair',
  risk: 'medium',
  source: 'cases/case-b-catroot2-kb.md',
  seeAlso: [SOURCES.windowsUpdateError0x80070490, SOURCES.eseErrorsAsHresults],
};
