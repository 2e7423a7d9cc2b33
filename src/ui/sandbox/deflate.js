// The browser's own deflate for a network in an address: the Compression
// Streams standard's "deflate-raw" (RFC 1951 without a zlib wrapper), so
// the page's wasm carries no compressor. crates/sandbox/src/share.rs reads
// what it writes (and its tests write the same with miniz_oxide).

/** `text` in UTF-8, deflated; rejects where the browser has no
 * CompressionStream (Chrome 103, Firefox 113, Safari 16.4 and later have). */
export async function deflateRaw(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
