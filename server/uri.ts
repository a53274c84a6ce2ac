// file: URIs to paths and back, without pulling vscode-uri into the cores.
import { fileURLToPath, pathToFileURL } from 'node:url';

export const URI = {
  toFsPath(uri: string): string {
    if (uri.startsWith('file:')) {
      try {
        return fileURLToPath(uri);
      } catch {
        return uri;
      }
    }
    return uri;
  },
  fromFsPath(path: string): string {
    return pathToFileURL(path).href;
  },
};
