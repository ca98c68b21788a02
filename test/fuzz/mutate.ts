/** Seeded mutations of a valid project's files, the kinds of damage real files suffer and attackers try. */

/** mulberry32: a small seeded generator, enough for reproducible mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const MUTATIONS = ['byte-flip', 'truncate', 'deep-flow', 'deep-block', 'nul', 'invalid-utf8', 'alias-bomb', 'bom', 'crlf', 'duplicate-line', 'swap-lines'] as const
export type MutationKind = (typeof MUTATIONS)[number]

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!

/** One mutation of `content`; returns the new bytes. */
export function mutate(content: Buffer, kind: MutationKind, random: () => number): Buffer {
  const at = Math.floor(random() * Math.max(1, content.length))
  const text = content.toString('utf8')
  const lines = text.split('\n')
  const line = Math.floor(random() * lines.length)
  switch (kind) {
    case 'byte-flip': {
      const out = Buffer.from(content)
      for (let i = 0, n = 1 + Math.floor(random() * 4); i < n && out.length; i++) out[Math.floor(random() * out.length)] ^= 1 << Math.floor(random() * 8)
      return out
    }
    case 'truncate':
      return content.subarray(0, at)
    case 'deep-flow': {
      const depth = 500 + Math.floor(random() * 5000)
      return Buffer.from(text.slice(0, at) + '['.repeat(depth) + ']'.repeat(random() < 0.5 ? depth : 0) + text.slice(at))
    }
    case 'deep-block': {
      const depth = 300 + Math.floor(random() * 3000)
      const nest = Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')
      return Buffer.from([...lines.slice(0, line), `x${line}:`, nest + ' v', ...lines.slice(line)].join('\n'))
    }
    case 'nul':
      return Buffer.from(text.slice(0, at) + pick(random, ['\0', '"\\0"', '\\0']) + text.slice(at))
    case 'invalid-utf8': {
      const bad = pick(random, [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80]])
      return Buffer.concat([content.subarray(0, at), Buffer.from(bad), content.subarray(at)])
    }
    case 'alias-bomb': {
      const levels = 5 + Math.floor(random() * 10)
      const bomb = ['bomb0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: levels }, (_, i) => `bomb${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`)]
      return Buffer.from([...lines.slice(0, line), ...bomb, ...lines.slice(line)].join('\n'))
    }
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), random() < 0.5 ? content : Buffer.from([0xef, 0xbb, 0xbf]), content])
    case 'crlf':
      return Buffer.from(random() < 0.7 ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, '\r'))
    case 'duplicate-line':
      return Buffer.from([...lines.slice(0, line + 1), lines[line] ?? '', ...lines.slice(line + 1)].join('\n'))
    case 'swap-lines': {
      const other = Math.floor(random() * lines.length)
      const copy = [...lines]
      ;[copy[line], copy[other]] = [copy[other]!, copy[line]!]
      return Buffer.from(copy.join('\n'))
    }
  }
}
