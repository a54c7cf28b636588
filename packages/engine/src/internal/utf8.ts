/**
 * Decodes UTF-8 byte ranges (protobuf `string` fields) per https://encoding.spec.whatwg.org/#utf-8-decode:
 * malformed sequences become U+FFFD and a leading BOM is kept, as protobuf strings carry no BOM.
 * Short ASCII strings skip TextDecoder, whose per-call cost dominates below about 16 bytes; they
 * are built 8 characters per String.fromCharCode call, which allocates no intermediate strings.
 */
declare const TextDecoder: {
  new (
    label?: string,
    options?: { fatal?: boolean; ignoreBOM?: boolean },
  ): { decode(input: Uint8Array): string };
};

const ASCII_FAST_PATH_MAX_BYTES = 16;

const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

export function decodeUtf8(
  bytes: Uint8Array,
  start: number,
  end: number,
): string {
  if (end - start > ASCII_FAST_PATH_MAX_BYTES) {
    return textDecoder.decode(bytes.subarray(start, end));
  }
  let bits = 0;
  for (let i = start; i < end; i++) {
    bits |= bytes[i]!;
  }
  if (bits >= 0x80) {
    return textDecoder.decode(bytes.subarray(start, end));
  }
  let out = '';
  for (let i = start; i < end; i += 8) {
    out += decodeAsciiChunk(bytes, i, Math.min(8, end - i));
  }
  return out;
}

function decodeAsciiChunk(b: Uint8Array, i: number, count: number): string {
  switch (count) {
    case 1:
      return String.fromCharCode(b[i]!);
    case 2:
      return String.fromCharCode(b[i]!, b[i + 1]!);
    case 3:
      return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!);
    case 4:
      return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!);
    case 5:
      return String.fromCharCode(
        b[i]!,
        b[i + 1]!,
        b[i + 2]!,
        b[i + 3]!,
        b[i + 4]!,
      );
    case 6:
      return String.fromCharCode(
        b[i]!,
        b[i + 1]!,
        b[i + 2]!,
        b[i + 3]!,
        b[i + 4]!,
        b[i + 5]!,
      );
    case 7:
      return String.fromCharCode(
        b[i]!,
        b[i + 1]!,
        b[i + 2]!,
        b[i + 3]!,
        b[i + 4]!,
        b[i + 5]!,
        b[i + 6]!,
      );
    default:
      return String.fromCharCode(
        b[i]!,
        b[i + 1]!,
        b[i + 2]!,
        b[i + 3]!,
        b[i + 4]!,
        b[i + 5]!,
        b[i + 6]!,
        b[i + 7]!,
      );
  }
}
