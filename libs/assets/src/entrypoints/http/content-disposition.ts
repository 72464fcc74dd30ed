/**
 * `Content-Disposition` (RFC 6266) as far as files need it: the name a client sends a raw upload
 * under, and the name a download is saved as. `filename*` (RFC 8187: `UTF-8''%E2%82%AC.txt`) carries
 * any name and wins over `filename`, which holds ISO-8859-1 text at most.
 */

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const PARAMETER = new RegExp(`^\\s*;\\s*(${TOKEN})\\s*=\\s*(${TOKEN}|${QUOTED})`);
const DISPOSITION_TYPE = new RegExp(`^\\s*(${TOKEN})`);
const EXTENDED_VALUE = /^(UTF-8|ISO-8859-1)'[A-Za-z0-9-]*'((?:%[0-9A-Fa-f]{2}|[!#$&+.^_`|~0-9A-Za-z-])*)$/i;

/**
 * The file name a `Content-Disposition` header gives, or undefined when it gives none or is not
 * well-formed (an unknown parameter is skipped; a malformed one spoils the header, as a browser
 * would then name the file itself).
 */
export function fileNameOf(header: string | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const type = DISPOSITION_TYPE.exec(header);
  if (!type) {
    return undefined;
  }
  const parameters = new Map<string, string>();
  let rest = header.slice(type[0].length);
  while (rest.trim() !== '') {
    const parameter = PARAMETER.exec(rest);
    if (!parameter) {
      return undefined;
    }
    const name = parameter[1].toLowerCase();
    if (parameters.has(name)) {
      return undefined;
    }
    parameters.set(name, parameter[2]);
    rest = rest.slice(parameter[0].length);
  }
  const extended = parameters.get('filename*');
  if (extended !== undefined) {
    const decoded = decodeExtendedValue(extended);
    if (decoded !== undefined) {
      return decoded;
    }
  }
  const plain = parameters.get('filename');
  return plain === undefined ? undefined : unquote(plain);
}

/**
 * `attachment` with the name twice: `filename` for old clients, with every character outside
 * printable ASCII (and `"` and `\`) as `_`, and `filename*` with the exact name.
 */
export function attachmentOf(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeExtendedValue(fileName)}`;
}

function unquote(value: string): string {
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

function decodeExtendedValue(value: string): string | undefined {
  const parsed = EXTENDED_VALUE.exec(value);
  if (!parsed) {
    return undefined;
  }
  const [, charset, encoded] = parsed;
  const bytes = Buffer.from(
    encoded.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
  if (charset.toUpperCase() === 'ISO-8859-1') {
    return bytes.toString('latin1');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** RFC 8187's attr-char are left as they are; every other byte of the UTF-8 name is percent-encoded. */
function encodeExtendedValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}
