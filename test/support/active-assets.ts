import { expect } from '@jest/globals';
import { markedBytes, uploadRaw } from './asset-files-client';
import { assetCreated, newAsset } from './assets-client';
import type { Member } from './keeps-client';
import type { TestApp } from './test-app';

/**
 * Creates an asset as `who` and uploads its file through PUT /api/v1/assets/{id}/file, as a client
 * does: then it is active. The file is as many bytes as the creation declares, named and typed so.
 */
export async function activeAssetCreated(app: TestApp, who: Member, overrides: Record<string, unknown> = {}): Promise<string> {
  const declared = newAsset(overrides);
  const { id, uploadUrl } = await assetCreated(app, who, overrides);
  const uploaded = await uploadRaw(app, who, uploadUrl, markedBytes(Number(declared.file_size_bytes)), {
    type: String(declared.file_type),
    disposition: `attachment; filename="${String(declared.file_name)}"`,
  });
  expect(uploaded.status).toBe(201);
  return id;
}
