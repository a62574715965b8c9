/** Case A: the RPC port-restriction key breaks RPC and the spooler cannot start; back it up, delete it, start. */
import type { Playbook } from '../playbook';

const KEY = 'HKLM\\Software\\Microsoft\\Rpc\\Internet';

export const SPOOLER_RPC_INTERNET: Playbook = {
  id: 'spooler-rpc-internet',
  version: 1,
  title: {
    en: 'Remove the Rpc\\Internet port restriction and start the Print Spooler',
    'zh-CN': '删除 Rpc\\Internet 端口限制并启动打印后台处理程序',
  },
  summary: {
    en: `Exports ${KEY} to a backup, deletes the key, starts the Print Spooler and checks that it is running. On failure the key is imported back from the backup.`,
    'zh-CN': `将 ${KEY} 导出备份后删除该项，启动打印后台处理程序并确认其正在运行。失败时从备份重新导入该项。`,
  },
  risk: 'medium',
  steps: [
    { kind: 'registry.export', key: KEY, backup: 'rpc-internet' },
    { kind: 'registry.delete', key: KEY, backup: 'rpc-internet' },
    { kind: 'service.start', service: 'Spooler' },
    { kind: 'verify.service', service: 'Spooler', state: 'RUNNING' },
  ],
  leavesRestartPending: false,
  source: 'cases/case-a-spooler-rpc.md',
};
