import { apiHandler } from '../../shared/runtime/api-handler.js';
import { uploadRequestBody } from '../../shared/http/contract/uploads.js';
import { parseBody } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { startUpload } from '../../shared/services/photos/photo-uploads.js';

/** POST /uploads: a form to upload one photo straight to the district's photo storage. */
export const handler = apiHandler(async (event, access, deps) =>
  jsonResponse(200, await startUpload(deps, access, parseBody(uploadRequestBody, event))),
);
