import { beforeEach, inject } from 'vitest';

// Every integration test starts from an empty emulator.
beforeEach(async () => {
  const response = await fetch(`${inject('motoEndpoint')}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed with HTTP ${response.status}`);
});
