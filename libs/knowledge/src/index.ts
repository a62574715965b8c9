/**
 * @fleetmedic/knowledge: what FleetMedic knows about Windows — error codes and their meaning, and the
 * catalog of known issues with their fixes. Plain data and functions, no runtime dependencies: the agent
 * loads it within a tight memory budget.
 */
export * from './localized-text';
export * from './codes/normalize';
export * from './codes/facilities';
export * from './codes/decode';
export * from './codes/table';
export * from './codes/lookup';
export * from './codes/explain';
export * from './known-issues';
export * from './playbooks';
