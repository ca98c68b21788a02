// A V8 code cache for strata's own modules and its dependencies, so that a
// command does not compile the same JavaScript again on every start
// (oclif alone is about 80 ms of compilation). Node 22 has this built in
// (module.enableCompileCache, used when present); on Node 20 the same is done
// here with vm.Script's cachedData, as the v8-compile-cache package does:
// https://nodejs.org/api/vm.html#new-vmscriptcode-options
// The cache is a folder under the system's temporary folder, one file per
// module, keyed by a hash of the module's path and text, so an edited or
// upgraded file is never run from a stale entry (V8 itself checks only the
// source's length). Anything unexpected turns the cache off, never the CLI.
// STRATA_COMPILE_CACHE=0 turns it off.
'use strict'
const Module = require('node:module')

function enable() {
  if (process.env.STRATA_COMPILE_CACHE === '0') return
  const os = require('node:os')
  const path = require('node:path')
  const version = `${process.version}-${process.arch}`
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(path.join(os.tmpdir(), `strata-compile-cache-${version}`))
    return
  }
  const fs = require('node:fs')
  const vm = require('node:vm')
  const crypto = require('node:crypto')
  const dir = path.join(os.tmpdir(), `strata-compile-cache-${version}-${process.getuid?.() ?? 'u'}`)
  const root = path.resolve(__dirname, '..')
  const fresh = []
  const original = Module.prototype._compile
  Module.prototype._compile = function compile(content, filename) {
    // Only plain CommonJS under the package (or its dependencies); a module
    // with a dynamic import() goes to Node as usual.
    if (!filename.startsWith(root) && !filename.includes(`${path.sep}node_modules${path.sep}`)) return original.call(this, content, filename)
    if (content.includes('import(')) return original.call(this, content, filename)
    const key = crypto.createHash('sha1').update(filename).update('\0').update(content).digest('hex')
    const file = path.join(dir, key)
    let cachedData
    try {
      cachedData = fs.readFileSync(file)
    } catch {}
    const script = new vm.Script(Module.wrap(content), { filename, cachedData })
    if (!cachedData || script.cachedDataRejected) fresh.push({ script, file })
    const mod = this
    const require = (id) => mod.require(id)
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options)
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod)
    require.main = process.mainModule
    require.extensions = Module._extensions
    require.cache = Module._cache
    const fn = script.runInThisContext({ displayErrors: true })
    return fn.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename))
  }
  // Written at exit, after the functions that ran were compiled too.
  process.once('exit', () => {
    if (!fresh.length) return
    try {
      fs.mkdirSync(dir, { recursive: true })
      for (const { script, file } of fresh) {
        const tmp = `${file}.${process.pid}`
        fs.writeFileSync(tmp, script.createCachedData())
        fs.renameSync(tmp, file)
      }
    } catch {}
  })
}

// Resolving a relative require (`./x`) costs Node a walk of stats and
// realpath lookups: about 280 of them per command, 30 to 70 ms of a 0.2 s
// make. What Node resolved to exactly `<base>.js` (no symlink, no
// directory index) is remembered in one file next to the code cache, keyed
// by the package's version and path, and taken again only while it is still
// Node's answer by Node's own order (https://nodejs.org/api/modules.html#all-together):
// `<base>` is not a file (it would win) and `<base>.js` is one. Anything
// else goes to Node as usual.
function rememberResolutions() {
  if (process.env.STRATA_COMPILE_CACHE === '0') return
  const fs = require('node:fs')
  const os = require('node:os')
  const path = require('node:path')
  const root = path.resolve(__dirname, '..')
  const { version } = require('../package.json')
  const name = `${version}\0${root}`.replace(/[^A-Za-z0-9]+/g, '_').slice(-150)
  const file = path.join(os.tmpdir(), `strata-resolve-${process.version}-${process.getuid?.() ?? 'u'}`, `${name}.json`)
  let known
  try {
    known = new Set(JSON.parse(fs.readFileSync(file, 'utf8')))
  } catch {
    known = new Set()
  }
  // Each folder listed once (a command's modules sit in about 20 folders) instead of two stats per require.
  const listings = new Map()
  const isFile = (p) => {
    const dir = path.dirname(p)
    let entries = listings.get(dir)
    if (entries === undefined) {
      entries = new Map()
      try {
        for (const d of fs.readdirSync(dir, { withFileTypes: true })) entries.set(d.name, d.isFile() ? true : d.isSymbolicLink() ? undefined : false)
      } catch {}
      listings.set(dir, entries)
    }
    const kind = entries.get(path.basename(p))
    // A symbolic link: what it points at decides.
    return kind === undefined && entries.has(path.basename(p)) ? fs.statSync(p, { throwIfNoEntry: false })?.isFile() === true : kind === true
  }
  let added = false
  const original = Module._resolveFilename
  Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
    if (options === undefined && !isMain && parent && typeof parent.filename === 'string' && parent.filename.startsWith(root) &&
      (request.startsWith('./') || request.startsWith('../')) && !request.endsWith('/')) {
      const base = path.resolve(path.dirname(parent.filename), request)
      const candidate = `${base}.js`
      if (known.has(candidate) && (Module._cache[candidate] !== undefined || (isFile(candidate) && !isFile(base)))) return candidate
      const found = original.call(this, request, parent, isMain, options)
      if (found === candidate && !known.has(candidate)) {
        known.add(candidate)
        added = true
      }
      return found
    }
    return original.apply(this, arguments)
  }
  process.once('exit', () => {
    if (!added) return
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      const tmp = `${file}.${process.pid}`
      fs.writeFileSync(tmp, JSON.stringify([...known]))
      fs.renameSync(tmp, file)
    } catch {}
  })
}

try {
  enable()
} catch {}
try {
  rememberResolutions()
} catch {}
