/**
 * Which PCs of a fleet a scenario touches: `count` distinct indexes below `total`, one drawn from each of
 * `count` equal slices of the fleet, so that they are spread over it (say 3, 11 and 17 of 20) rather than
 * bunched at its start, and always the same for the same random stream.
 */
import type { SeededRandom } from '../host/simulated/seeded-random';

export function spreadIndexes(count: number, total: number, random: SeededRandom): number[] {
  if (!Number.isInteger(count) || !Number.isInteger(total) || count < 0 || count > total) {
    throw new RangeError(`cannot choose ${count} of ${total} PCs`);
  }
  const chosen: number[] = [];
  for (let slice = 0; slice < count; slice++) {
    const start = Math.floor((slice * total) / count);
    const end = Math.floor(((slice + 1) * total) / count);
    chosen.push(random.integer(start, end - 1));
  }
  return chosen;
}
