/**
 * DOT rendered to SVG in-process by Graphviz compiled to WebAssembly
 * (@viz-js/viz): no system Graphviz needed. The module (about 1.5 MB of
 * WebAssembly) is loaded only when an SVG is asked for.
 */
import { StrataError } from '../errors'

export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz')
  const viz = await instance()
  const result = viz.render(dot, { format: 'svg' })
  if (result.status !== 'success') {
    throw new StrataError('E_UNEXPECTED', `Graphviz could not render the diagram: ${result.errors.map((e) => e.message).join('; ')}`, { exitCode: 3 })
  }
  return result.output
}
