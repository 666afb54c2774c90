export * from './schema';
export * from './totals';
export * from './time';
export * from './transcript';
export * from './breakdown';
