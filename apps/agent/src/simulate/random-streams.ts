/**
 * The random streams of a scenario. Stream i (from 0) of a seed draws PC i's profile (pc-profile.ts), so a
 * scenario's streams sit far above any fleet's size: choosing the affected PCs or the noise never shifts
 * what a PC looks like, and each is replayed exactly from the seed.
 */
import { SeededRandom, deriveSeed } from '../host/simulated/seeded-random';

export const SCENARIO_STREAMS = {
  affected: 0x8000_0001,
  oneOffNoise: 0x8000_0002,
  flappingHosts: 0x8000_0003,
} as const;

export type ScenarioStream = keyof typeof SCENARIO_STREAMS;

export function scenarioRandom(seed: number, stream: ScenarioStream, substream?: number): SeededRandom {
  const streamSeed = deriveSeed(seed, SCENARIO_STREAMS[stream]);
  return new SeededRandom(substream === undefined ? streamSeed : deriveSeed(streamSeed, substream));
}
