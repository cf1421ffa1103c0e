// Inflate with the browser's DecompressionStream, capped.
// Part of the TR1 verifier; tr1.js is its public entry.

import { concatBytes } from './tr1-bytes.js';
import { Failure, MAX_DECOMPRESSED, UNSUPPORTED } from './tr1-core.js';

class InflateError extends Error {
  constructor(tooLarge, message) {
    super(message);
    this.tooLarge = tooLarge;
  }
}

// Feeds `data` to a DecompressionStream in `step`-byte writes and counts the output as it comes.
// The stream applies backpressure, so all output of one write is read before the next write is
// inflated: a failure is reported after exactly the output that preceded it.
async function inflateOnce(format, data, cap, step) {
  const stream = new DecompressionStream(format);
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks = [];
  let total = 0;
  let tooLarge = false;
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      total += value.length;
      if (total > cap) {
        tooLarge = true;
        chunks.length = 0;
        await reader.cancel().catch(() => {});
        return;
      }
      chunks.push(value);
    }
  })();
  const writing = (async () => {
    for (let offset = 0; offset < data.length && !tooLarge; offset += step) {
      await writer.write(data.slice(offset, offset + step));
    }
    if (!tooLarge) await writer.close();
  })();
  const [read, written] = await Promise.allSettled([reading, writing]);
  if (tooLarge) throw new InflateError(true, `inflates beyond ${cap} bytes`);
  if (read.status === 'rejected' || written.status === 'rejected') {
    throw new InflateError(false, 'not a complete, well-formed stream');
  }
  return concatBytes(chunks);
}

/** Inflate zlib (`deflate`) or GZIP (`gzip`) data; at most `cap` bytes of output. */
export async function inflate(data, { format = 'deflate', cap = MAX_DECOMPRESSED } = {}) {
  if (typeof DecompressionStream !== 'function') {
    throw new Failure(UNSUPPORTED, 'this browser has no DecompressionStream');
  }
  try {
    return await inflateOnce(format, data, cap, Math.max(data.length, 1));
  } catch (error) {
    if (!(error instanceof InflateError) || error.tooLarge) throw error;
  }
  // Malformed data: find out whether more than `cap` bytes came out before the fault (the
  // reference reports TOO_LARGE then). Byte by byte is slow, but only bad input pays for it.
  return inflateOnce(format, data, cap, 1);
}
