// Finds where a chunked body ends without copying it: bytes are forwarded as they are.

const enum S { Size, Ext, SizeLf, Data, DataCr, DataLf, TrailerStart, TrailerLine, FinalLf, Done }

export class ChunkedScanner {
  private state = S.Size
  private digits = 0
  private remaining = 0

  get done(): boolean {
    return this.state === S.Done
  }

  /** Scan buf[start..]; returns the index just past the body's last byte, or buf.length. Throws on malformed input. */
  scan(buf: Buffer, start: number): number {
    let i = start
    while (i < buf.length && this.state !== S.Done) {
      const c = buf[i]
      switch (this.state) {
        case S.Size: {
          const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1
          if (d >= 0 && this.digits < 12) {
            this.remaining = this.remaining * 16 + d
            this.digits++
          } else if (this.digits > 0 && (c === 59 || c === 32 || c === 9)) this.state = S.Ext
          else if (this.digits > 0 && c === 13) this.state = S.SizeLf
          else throw new Error('malformed chunk size')
          i++
          break
        }
        case S.Ext:
          if (c === 13) this.state = S.SizeLf
          i++
          break
        case S.SizeLf:
          if (c !== 10) throw new Error('malformed chunk size line')
          this.state = this.remaining === 0 ? S.TrailerStart : S.Data
          i++
          break
        case S.Data: {
          const take = Math.min(this.remaining, buf.length - i)
          this.remaining -= take
          i += take
          if (this.remaining === 0) this.state = S.DataCr
          break
        }
        case S.DataCr:
          if (c !== 13) throw new Error('missing CRLF after chunk data')
          this.state = S.DataLf
          i++
          break
        case S.DataLf:
          if (c !== 10) throw new Error('missing CRLF after chunk data')
          this.state = S.Size
          this.digits = 0
          i++
          break
        case S.TrailerStart:
          this.state = c === 13 ? S.FinalLf : S.TrailerLine
          i++
          break
        case S.TrailerLine:
          if (c === 10) this.state = S.TrailerStart
          i++
          break
        case S.FinalLf:
          if (c !== 10) throw new Error('malformed end of chunked body')
          this.state = S.Done
          i++
          break
      }
    }
    return i
  }
}
