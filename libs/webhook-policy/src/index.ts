export * from './address-guard';
export * from './allowed-hosts';
export * from './webhook-secret';
