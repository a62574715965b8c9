/**
 * Field case A: the Print Spooler will not start with 0x80070057 because the RPC port-restriction key
 * HKLM\Software\Microsoft\Rpc\Internet breaks RPC. Five PCs, three weeks of manual tracing.
 */
import type { KnownIssue } from '../known-issue';

export const RPC_INTERNET_KEY = 'HKLM\\Software\\Microsoft\\Rpc\\Internet';

export const SPOOLER_RPC_INTERNET: KnownIssue = {
  id: 'spooler-rpc-internet',
  title: {
    en: 'Print Spooler will not start: the RPC port-restriction key breaks RPC',
    'zh-CN': '打印后台处理程序无法启动：RPC 端口限制注册表项导致 RPC 连接失败',
  },
  fingerprints: ['service:spooler:0x80070057'],
  confirmingEvidence: [
    {
      kind: 'registry-key-present',
      key: RPC_INTERNET_KEY,
      description: {
        en: 'The RPC port-restriction key HKLM\\Software\\Microsoft\\Rpc\\Internet is present on the PC.',
        'zh-CN': '这台电脑上存在 RPC 端口限制注册表项 HKLM\\Software\\Microsoft\\Rpc\\Internet。',
      },
    },
  ],
  watchRegistryKeys: [RPC_INTERNET_KEY],
  diagnosis: {
    en:
      'The Print Spooler service (Spooler, spoolsv.exe) fails to start with 0x80070057 (E_INVALIDARG, Win32 87 ' +
      '"The parameter is incorrect"), yet the spooler itself is not at fault: its RPC connections fail. The cause ' +
      'is the RPC port-restriction key HKLM\\Software\\Microsoft\\Rpc\\Internet (values such as Ports, ' +
      'PortsInternetAvailable and UseInternetPorts), present with a configuration that breaks RPC. The affected PCs ' +
      'have the key; healthy PCs do not. Once the key is exported as a backup and deleted, the spooler starts normally.',
    'zh-CN':
      '打印后台处理程序服务（Spooler，spoolsv.exe）启动失败，错误为 0x80070057（E_INVALIDARG，即 Win32 错误 87“参数错误”），' +
      '但问题并不在打印服务本身，而在于它的 RPC 连接失败。原因是 RPC 端口限制注册表项 HKLM\\Software\\Microsoft\\Rpc\\Internet' +
      '（包含 Ports、PortsInternetAvailable、UseInternetPorts 等值）存在，且其配置使 RPC 无法正常工作。受影响的电脑都有这个注册表项，' +
      '正常的电脑则没有。先导出备份、再删除该注册表项后，打印后台处理程序即可正常启动。',
  },
  fix: {
    en:
      'Export HKLM\\Software\\Microsoft\\Rpc\\Internet as a backup (reg export "HKLM\\Software\\Microsoft\\Rpc\\Internet" ' +
      'backup.reg), delete the key, then start the Print Spooler and check that it stays running.',
    'zh-CN':
      '先导出备份 HKLM\\Software\\Microsoft\\Rpc\\Internet（reg export "HKLM\\Software\\Microsoft\\Rpc\\Internet" backup.reg），' +
      '然后删除该注册表项，再启动打印后台处理程序，并确认它保持运行。',
  },
  playbook: 'spooler-rpc-internet',
  risk: 'medium',
  source: 'cases/case-a-spooler-rpc.md',
  seeAlso: [],
};
