/** Stops only what global-setup started. */
export default async function globalTeardown(): Promise<void> {
  const broker = globalThis.penghubungTestBroker;
  if (broker) {
    await broker.stop();
    globalThis.penghubungTestBroker = undefined;
  }
}
