/** Common-factor analysis of incidents: what the affected hosts share that the healthy fleet does not. */
export { commonFactors, type CommonFactorOptions, DEFAULT_COMMON_FACTOR_OPTIONS } from './common-factors';
export { FACTOR_KIND_PRIORITY } from './factor-order';
export { overRepresentationPValue, type FactTable } from './fisher-exact';
export { type FactorKind, type Feature, featureKey, featureLabel, hostFeatures } from './host-features';
