/** The fleet inventory as people see it: hosts, their presence and the current state of each check. */
import { Injectable } from '@nestjs/common';
import type { HostDetail, HostSummary } from '@fleetmedic/protocol';
import { HostsError } from './hosts.errors';
import { HostsRepository } from './hosts.repository';
import { toHostDetail, toHostSummary } from './host-summary';

@Injectable()
export class HostsService {
  constructor(private readonly repository: HostsRepository) {}

  async listHosts(): Promise<HostSummary[]> {
    const rows = await this.repository.list();
    return rows.map(({ host, checks }) => toHostSummary(host, checks));
  }

  async summariesOf(ids: readonly string[]): Promise<HostSummary[]> {
    const rows = await this.repository.listByIds(ids);
    return rows.map(({ host, checks }) => toHostSummary(host, checks));
  }

  async getHost(id: string): Promise<HostDetail> {
    const [row] = await this.repository.listByIds([id]);
    if (!row) throw HostsError.notFound(id);
    return toHostDetail(row.host, row.checks);
  }
}
