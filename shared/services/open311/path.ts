import { NotFoundError } from '../../errors.js';
import { OPEN311_FORMATS, type Open311Format } from './response.js';

export interface Open311Path {
  /** The resource (`discovery`, `services`, `requests`) or the id (a service_code, a request id, a token). */
  name: string;
  format: Open311Format;
}

const SEGMENT = /^([A-Za-z0-9_-]{1,100})\.([a-z]+)$/;

/**
 * The last path segment, `requests.json` or `033.xml`: the spec names the format by a suffix on the
 * resource. Without a known suffix the resource does not exist, which the spec answers with 404.
 */
export function parsePath(segment: string): Open311Path {
  const match = SEGMENT.exec(segment);
  const format = OPEN311_FORMATS.find((candidate) => candidate === match?.[2]);
  if (!match?.[1] || !format) {
    throw new NotFoundError(
      `No such resource "${segment}": end it with .xml or .json, e.g. requests.xml. 资源不存在,请以 .xml 或 .json 结尾。`,
    );
  }
  return { name: match[1], format };
}
