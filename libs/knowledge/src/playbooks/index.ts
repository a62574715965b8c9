export * from './playbook';
export * from './rollback';
export * from './catalog';
