/** Writes gzipped ustar archives shaped like GitHub's repository tarballs, for the tests. */
import { gzipSync } from 'node:zlib';

function header(name: string, size: number, type: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** A gzipped tarball of `files` under a top folder, as the tarball endpoint returns. */
export function makeTarball(
  files: Record<string, string | Uint8Array>,
  top = 'acme-catalog-0123abc',
): Buffer {
  const parts: Buffer[] = [header(`${top}/`, 0, '5')];
  for (const [path, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const name = `${top}/${path}`;
    if (Buffer.byteLength(name) > 100) {
      const long = Buffer.from(name + '\0');
      parts.push(
        header('././@LongLink', long.length, 'L'),
        long,
        Buffer.alloc((512 - (long.length % 512)) % 512),
      );
    }
    parts.push(
      header(name.slice(0, 100), data.length, '0'),
      data,
      Buffer.alloc((512 - (data.length % 512)) % 512),
    );
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}
