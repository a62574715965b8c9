/**
 * The fleet's health over time: host counts sampled at a fixed interval, kept for a week, pushed live to
 * dashboards as each sample is taken.
 */
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import type { FleetSample } from '@fleetmedic/protocol';
import { Subject } from 'rxjs';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { HostsRepository } from '../hosts/hosts.repository';
import { FleetHistoryRepository } from './fleet-history.repository';
import { FleetSampleEntity } from './fleet-sample.entity';

const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

@Injectable()
export class FleetHistoryService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FleetHistoryService.name);
  private readonly samplesSubject = new Subject<FleetSample>();
  readonly samples$ = this.samplesSubject.asObservable();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly hosts: HostsRepository,
    private readonly repository: FleetHistoryRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sampling = this.takeSample().then(
        () => undefined,
        (error: unknown) => this.logger.error(`Could not sample fleet health: ${String(error)}`),
      );
    }, this.config.fleetSampleIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sampling;
  }

  async takeSample(): Promise<FleetSample> {
    const sample: FleetSample = { at: new Date().toISOString(), ...(await this.hosts.fleetCounts()) };
    await this.repository.insert(Object.assign(new FleetSampleEntity(), sample));
    await this.repository.deleteBefore(new Date(Date.now() - RETENTION_MS).toISOString());
    this.samplesSubject.next(sample);
    return sample;
  }

  async history(minutes: number): Promise<FleetSample[]> {
    const rows = await this.repository.since(new Date(Date.now() - minutes * 60_000).toISOString());
    return rows.map(({ at, total, online, offline, healthy, failing }) => ({
      at,
      total,
      online,
      offline,
      healthy,
      failing,
    }));
  }
}
