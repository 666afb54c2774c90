export * from './schema';
export * from './export';
export * from './totals';
export * from './time';
export * from './transcript';
export * from './breakdown';
export * from './requestDiff';
export * from './explainPrompt';
