/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { Incidents1763900000000 } from './1763900000000-incidents';

export const MIGRATIONS = [InitialSchema1763800000000, Incidents1763900000000];
