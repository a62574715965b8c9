/** Every playbook the executor implements, by id: one per entry of PLAYBOOK_IDS. */
import type { PlaybookId } from '../../known-issues/known-issue';
import type { Playbook } from '../playbook';
import { CATROOT2_REPAIR } from './catroot2-repair';
import { RESET_WINDOWS_UPDATE_COMPONENTS } from './reset-windows-update-components';
import { SPOOLER_RPC_INTERNET } from './spooler-rpc-internet';

export const PLAYBOOKS: Readonly<Record<PlaybookId, Playbook>> = {
  'spooler-rpc-internet': SPOOLER_RPC_INTERNET,
  'catroot2-repair': CATROOT2_REPAIR,
  'reset-windows-update-components': RESET_WINDOWS_UPDATE_COMPONENTS,
};
