export default async function stopWireLane(): Promise<void> {
  await globalThis.wireLaneServer?.stop();
}
