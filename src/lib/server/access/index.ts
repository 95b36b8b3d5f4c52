export * from './access';
export * from './decision';
export * from './policy';
export * from './relationships';
export * from './messaging';
export * from './notification-visibility';
