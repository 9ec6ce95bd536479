import { Component, type FunctionComponent, h } from "preact";

/**
 * A component that re-renders only when `same(previous, next)` says its props changed:
 * what preact/compat's memo does, without pulling compat into the bundle.
 */
export function memo<P extends object>(
  render: FunctionComponent<P>,
  same: (a: Readonly<P>, b: Readonly<P>) => boolean,
): FunctionComponent<P> {
  class Memoized extends Component<P> {
    override shouldComponentUpdate(next: Readonly<P>): boolean {
      return !same(this.props, next);
    }
    override render() {
      return h(render, this.props);
    }
  }
  return Memoized as unknown as FunctionComponent<P>;
}
