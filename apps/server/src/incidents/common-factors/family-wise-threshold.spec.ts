/** Tarone's threshold: Bonferroni over the facts that could matter, and only those. */
import { familyWiseThreshold } from './family-wise-threshold';

describe('familyWiseThreshold', () => {
  it('is the level itself when no fact could reach it', () => {
    expect(familyWiseThreshold([], 0.01)).toBe(0.01);
    expect(familyWiseThreshold([0.5, 1, 0.02], 0.01)).toBe(0.01);
  });

  it('divides the level by the facts that could reach it, not by all facts', () => {
    const threeRareFacts = [1e-5, 1e-5, 1e-5];
    const manyCommonFacts = Array.from({ length: 150 }, () => 0.6);

    expect(familyWiseThreshold([...threeRareFacts, ...manyCommonFacts], 0.01)).toBeCloseTo(0.01 / 3, 15);
  });

  it('is Bonferroni when every fact could reach any threshold', () => {
    expect(
      familyWiseThreshold(
        Array.from({ length: 100 }, () => 1e-12),
        0.01,
      ),
    ).toBeCloseTo(1e-4, 15);
  });

  it('stops dividing once the facts that remain testable are no more than the divisor', () => {
    // Five facts could reach 0.01 and 0.005, none 0.01 / 3: three tests suffice.
    expect(familyWiseThreshold([0.004, 0.004, 0.004, 0.004, 0.004], 0.01)).toBeCloseTo(0.01 / 3, 15);
  });
});
