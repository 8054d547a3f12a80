/** Documents are named by URI; files on disk by path. The one conversion between the two. */
import { fileURLToPath } from 'node:url';

/** The path of a `file:` URI; undefined for other schemes (untitled buffers, git versions) and malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
