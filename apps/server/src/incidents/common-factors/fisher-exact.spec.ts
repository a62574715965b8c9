/** The p-values agree with exact hypergeometric tails, from hand-computed tables to fleets of 10,000. */
import { overRepresentationPValue, smallestPossiblePValue } from './fisher-exact';

function choose(n: number, k: number): bigint {
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

/** The exact tail as a ratio of big integers, turned into a number only at the end. */
function exactPValue(affectedWith: number, affectedTotal: number, healthyWith: number, healthyTotal: number) {
  const hosts = affectedTotal + healthyTotal;
  const withFact = affectedWith + healthyWith;
  let favourable = 0n;
  for (let x = affectedWith; x <= Math.min(affectedTotal, withFact); x++) {
    favourable += choose(withFact, x) * choose(hosts - withFact, affectedTotal - x);
  }
  const all = choose(hosts, affectedTotal);
  // Shift by a power of ten so that the integer quotient keeps 17 significant digits, however small the tail.
  const shift = all.toString().length - favourable.toString().length + 17;
  return Number((favourable * 10n ** BigInt(shift)) / all) * 10 ** -shift;
}

function expectRelativelyClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected) / expected).toBeLessThan(1e-9);
}

describe('overRepresentationPValue', () => {
  it('gives 1/C(200,5) when 5 of 5 affected hosts and 0 of 195 healthy ones have the fact', () => {
    const p = overRepresentationPValue({
      affectedWith: 5,
      affectedTotal: 5,
      healthyWith: 0,
      healthyTotal: 195,
    });
    expectRelativelyClose(p, 1 / 2_535_650_040);
    expect(p).toBeCloseTo(3.9437619e-10, 16);
  });

  it("gives Fisher's lady-tasting-tea values: 1/70 for 4 of 4 against 0 of 4, 17/70 for 3 of 4 against 1 of 4", () => {
    expectRelativelyClose(
      overRepresentationPValue({ affectedWith: 4, affectedTotal: 4, healthyWith: 0, healthyTotal: 4 }),
      1 / 70,
    );
    expectRelativelyClose(
      overRepresentationPValue({ affectedWith: 3, affectedTotal: 4, healthyWith: 1, healthyTotal: 4 }),
      17 / 70,
    );
  });

  it('gives C(197,2)/C(200,5) when 3 of 5 affected hosts and 0 of 195 healthy ones have the fact', () => {
    expectRelativelyClose(
      overRepresentationPValue({ affectedWith: 3, affectedTotal: 5, healthyWith: 0, healthyTotal: 195 }),
      19_306 / 2_535_650_040,
    );
  });

  it('gives 1/2 for 3 of 3 affected hosts against 2 of 3 healthy ones: a small fleet proves nothing', () => {
    expectRelativelyClose(
      overRepresentationPValue({ affectedWith: 3, affectedTotal: 3, healthyWith: 2, healthyTotal: 3 }),
      10 / 20,
    );
  });

  it('keeps the tail exact in a fleet of 10,000 hosts', () => {
    const p = overRepresentationPValue({
      affectedWith: 10,
      affectedTotal: 10,
      healthyWith: 0,
      healthyTotal: 9_990,
    });
    expectRelativelyClose(p, exactPValue(10, 10, 0, 9_990));
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-33);
  });

  it('agrees with the exact tail over many tables, small and large', () => {
    const tables: [number, number, number, number][] = [
      [1, 1, 0, 1],
      [2, 2, 0, 18],
      [2, 3, 5, 40],
      [7, 12, 30, 188],
      [40, 50, 900, 9_950],
      [120, 300, 2_000, 9_700],
      [18, 20, 9_000, 9_980],
      [5, 5, 195, 195],
    ];
    for (const [affectedWith, affectedTotal, healthyWith, healthyTotal] of tables) {
      expectRelativelyClose(
        overRepresentationPValue({ affectedWith, affectedTotal, healthyWith, healthyTotal }),
        exactPValue(affectedWith, affectedTotal, healthyWith, healthyTotal),
      );
    }
  });

  it('is 1 when the count is the least possible, e.g. a fact every host has', () => {
    expect(
      overRepresentationPValue({ affectedWith: 5, affectedTotal: 5, healthyWith: 195, healthyTotal: 195 }),
    ).toBe(1);
    expect(
      overRepresentationPValue({ affectedWith: 0, affectedTotal: 5, healthyWith: 3, healthyTotal: 195 }),
    ).toBe(1);
    expect(
      overRepresentationPValue({ affectedWith: 2, affectedTotal: 2, healthyWith: 0, healthyTotal: 0 }),
    ).toBe(1);
  });

  it('refuses a table that cannot exist, naming it', () => {
    expect(() =>
      overRepresentationPValue({ affectedWith: 6, affectedTotal: 5, healthyWith: 0, healthyTotal: 195 }),
    ).toThrow(/more hosts with a fact than hosts.*"affectedWith":6/);
    expect(() =>
      overRepresentationPValue({ affectedWith: 1.5, affectedTotal: 5, healthyWith: 0, healthyTotal: 195 }),
    ).toThrow(RangeError);
  });
});

describe('smallestPossiblePValue', () => {
  it('is the p-value of as many affected hosts as possible having the fact', () => {
    expectRelativelyClose(smallestPossiblePValue(3, 5, 195), 19_306 / 2_535_650_040); // 3 of 5 against 0 of 195
    expectRelativelyClose(smallestPossiblePValue(10, 5, 195), 252 / 2_535_650_040); // C(10,5) / C(200,5)
    expect(smallestPossiblePValue(200, 5, 195)).toBe(1);
  });
});
