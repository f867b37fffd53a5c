export * from './accounts';
export * from './compose';
export * from './contract';
export * from './discovery';
export * from './errors';
export * from './mail';
export * from './oauth';
export * from './settings';
