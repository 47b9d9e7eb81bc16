import {ChunkedScanner} from './chunked-scanner.js'
import type {ResponseHead} from './parse-head.js'

/**
 * Where an upstream response body ends (RFC 9112 §6.3): no body (HEAD, 204, 304), a
 * Content-Length, chunked encoding, or the upstream closing the connection.
 */
export class BodyFraming {
  empty = false
  closeDelimited = false
  private left = 0
  private scanner: ChunkedScanner | undefined
  complete = false

  constructor(method: string, resp: ResponseHead) {
    this.reset(method, resp)
  }

  /** Frame the next response (a connection reuses one framing for all of its exchanges). */
  reset(method: string, resp: ResponseHead): this {
    this.empty = method === 'HEAD' || resp.status === 204 || resp.status === 304
    this.scanner = !this.empty && resp.chunked ? new ChunkedScanner() : undefined
    this.closeDelimited = !this.empty && !resp.chunked && resp.contentLength < 0
    this.left = this.empty || resp.chunked || this.closeDelimited ? 0 : resp.contentLength
    this.complete = this.empty || (!this.scanner && !this.closeDelimited && this.left === 0)
    return this
  }

  /** Length of a fixed-length body not yet received, or -1 for other framings. */
  get fixedRemaining(): number {
    return this.scanner || this.closeDelimited || this.empty ? -1 : this.left
  }

  /** `take` for `n` bytes of a fixed-length body (`n` ≤ `fixedRemaining`), without a view of them. */
  takeFixed(n: number): void {
    this.left -= n
    this.complete = this.left === 0
  }

  /** How many leading bytes of `chunk` belong to the body; updates `complete`. Throws on bad chunking. */
  take(chunk: Buffer): number {
    if (this.scanner) {
      const end = this.scanner.scan(chunk, 0)
      this.complete = this.scanner.done
      return end
    }
    if (this.closeDelimited) return chunk.length
    const n = Math.min(this.left, chunk.length)
    this.left -= n
    this.complete = this.left === 0
    return n
  }
}
