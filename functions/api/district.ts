import { apiHandler } from '../../shared/runtime/api-handler.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { districtProfile } from '../../shared/services/district/district-profile.js';

/** GET /district: names, categories, priorities, levels, tags and hours the pages label and choose with. */
export const handler = apiHandler(async (_event, _access, deps) =>
  jsonResponse(200, districtProfile(deps.config)),
);
