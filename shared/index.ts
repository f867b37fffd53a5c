export * from './accounts';
export * from './compose';
export * from './contract';
export * from './errors';
export * from './mail';
